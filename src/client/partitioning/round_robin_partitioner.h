// round_robin_partitioner: every record, keyed or not, goes to the next partition of its topic in
// turn, cycling over the available partitions (all partitions when none is known to be available).
//
// Kafka's RoundRobinPartitioner behaves the same way; keys are ignored, so use it only when per-key
// ordering does not matter. The counter is not touched by on_new_batch(), so sealing batches cannot
// make the cycle skip partitions.
//
// Thread-safety: per-topic counters behind one mutex; safe for concurrent senders.
#pragma once

#include <map>
#include <mutex>

#include "client/partitioning/partitioner.h"

namespace gregor::client {

class round_robin_partitioner final : public partitioner {
 public:
  int32_t partition(std::string_view topic, const std::optional<std::string>& key_bytes, int32_t num_partitions,
                    const std::vector<int32_t>& available_partitions) override;

 private:
  std::mutex mutex_;
  std::map<std::string, uint32_t, std::less<>> counters_;
};

}  // namespace gregor::client
