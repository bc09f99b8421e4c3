// murmur2_random_partitioner: keyed records by murmur2 hash (as default_partitioner), null-key
// records each to a uniformly random partition, preferring available ones.
//
// This is the pre-KIP-480 Java default and librdkafka's "murmur2_random"; it spreads null-key
// records evenly record by record, at the cost of smaller batches than the sticky strategy.
//
// Thread-safety: the random engine is behind a mutex; safe for concurrent senders.
#pragma once

#include <mutex>

#include "client/partitioning/partitioner.h"
#include "client/partitioning/random_partition.h"

namespace gregor::client {

class murmur2_random_partitioner final : public partitioner {
 public:
  int32_t partition(std::string_view topic, const std::optional<std::string>& key_bytes, int32_t num_partitions,
                    const std::vector<int32_t>& available_partitions) override;

 private:
  std::mutex mutex_;
  random_partition random_;
};

}  // namespace gregor::client
