#include "client/partitioning/random_partition.h"

#include <algorithm>

namespace gregor::client {

int32_t random_partition::pick(int32_t num_partitions, const std::vector<int32_t>& available, int32_t avoid) {
  const bool use_available = !available.empty();
  const size_t count = use_available ? available.size() : static_cast<size_t>(num_partitions);
  auto candidate = [&](size_t i) { return use_available ? available[i] : static_cast<int32_t>(i); };

  bool avoid_present = avoid >= 0 && (use_available ? std::find(available.begin(), available.end(), avoid) != available.end()
                                                    : avoid < num_partitions);
  if (count == 1 || !avoid_present) {
    std::uniform_int_distribution<size_t> dist(0, count - 1);
    return candidate(dist(engine_));
  }
  // Draw among the count-1 others directly instead of retrying until we miss `avoid`.
  std::uniform_int_distribution<size_t> dist(0, count - 2);
  size_t i = dist(engine_);
  int32_t p = candidate(i);
  if (p == avoid) p = candidate(count - 1);
  return p;
}

}  // namespace gregor::client
