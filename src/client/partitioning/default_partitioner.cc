#include "client/partitioning/default_partitioner.h"

#include <algorithm>

#include "client/partitioning/murmur2.h"

namespace gregor::client {

int32_t default_partitioner::partition(std::string_view topic, const std::optional<std::string>& key_bytes,
                                       int32_t num_partitions, const std::vector<int32_t>& available_partitions) {
  if (key_bytes) return murmur2_partition(*key_bytes, num_partitions);

  std::lock_guard lock(mutex_);
  auto it = sticky_.find(topic);
  if (it == sticky_.end()) it = sticky_.emplace(std::string(topic), sticky_state{}).first;
  sticky_state& s = it->second;

  bool still_usable = s.current >= 0 && s.current < num_partitions &&
                      (available_partitions.empty() ||
                       std::find(available_partitions.begin(), available_partitions.end(), s.current) !=
                           available_partitions.end());
  if (!still_usable) {
    int32_t avoid = s.current >= 0 ? s.current : s.previous;
    s.current = random_.pick(num_partitions, available_partitions, avoid);
    s.previous = -1;
  }
  return s.current;
}

void default_partitioner::on_new_batch(std::string_view topic, int32_t prev_partition) {
  std::lock_guard lock(mutex_);
  auto it = sticky_.find(topic);
  // Only a sealed batch of the sticky partition itself moves the topic on (a keyed record's batch
  // or a stale notification for an older sticky partition must not).
  if (it == sticky_.end() || it->second.current != prev_partition) return;
  it->second.previous = prev_partition;
  it->second.current = -1;
}

}  // namespace gregor::client
