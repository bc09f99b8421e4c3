#include "client/partitioning/murmur2_random_partitioner.h"

#include "client/partitioning/murmur2.h"

namespace gregor::client {

int32_t murmur2_random_partitioner::partition(std::string_view, const std::optional<std::string>& key_bytes,
                                              int32_t num_partitions, const std::vector<int32_t>& available_partitions) {
  if (key_bytes) return murmur2_partition(*key_bytes, num_partitions);
  std::lock_guard lock(mutex_);
  return random_.pick(num_partitions, available_partitions);
}

}  // namespace gregor::client
