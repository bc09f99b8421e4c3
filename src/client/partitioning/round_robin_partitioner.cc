#include "client/partitioning/round_robin_partitioner.h"

namespace gregor::client {

int32_t round_robin_partitioner::partition(std::string_view topic, const std::optional<std::string>&,
                                           int32_t num_partitions, const std::vector<int32_t>& available_partitions) {
  uint32_t n;
  {
    std::lock_guard lock(mutex_);
    auto it = counters_.find(topic);
    if (it == counters_.end()) it = counters_.emplace(std::string(topic), 0u).first;
    n = it->second++;  // unsigned, so wrapping after 2^32 records stays well defined
  }
  if (!available_partitions.empty()) return available_partitions[n % available_partitions.size()];
  return static_cast<int32_t>(n % static_cast<uint32_t>(num_partitions));
}

}  // namespace gregor::client
