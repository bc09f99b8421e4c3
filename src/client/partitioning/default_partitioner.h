// default_partitioner: Kafka's default strategy — keyed records by murmur2 hash, null-key records
// sticky (KIP-480).
//
// Keyed: to_positive(murmur2(key)) % num_partitions over ALL partitions, never only the available
// ones, so a key keeps its partition while a leader is briefly missing (the Java client's rule).
// Null key: every record of a topic goes to one "sticky" partition, filling a batch quickly, until
// on_new_batch() seals that partition's batch; the next record then picks another random partition,
// preferring available ones and never the previous one when there is a choice. A sticky partition
// that lost its leader is also replaced, so records do not pile up behind it.
//
// Thread-safety: all state is behind one mutex; safe for concurrent senders.
#pragma once

#include <map>
#include <mutex>

#include "client/partitioning/partitioner.h"
#include "client/partitioning/random_partition.h"

namespace gregor::client {

class default_partitioner final : public partitioner {
 public:
  int32_t partition(std::string_view topic, const std::optional<std::string>& key_bytes, int32_t num_partitions,
                    const std::vector<int32_t>& available_partitions) override;
  void on_new_batch(std::string_view topic, int32_t prev_partition) override;

 private:
  struct sticky_state {
    int32_t current = -1;  // -1: pick one on the next null-key record
    int32_t previous = -1;  // the partition whose batch was sealed; avoided by the next pick
  };

  std::mutex mutex_;
  std::map<std::string, sticky_state, std::less<>> sticky_;
  random_partition random_;
};

}  // namespace gregor::client
