// partitioner: chooses the partition of each record a producer sends.
//
// The producer calls partition() for every record whose partition the application left open, and
// on_new_batch() when the batch it was filling for a partition is sealed and a new one begins; the
// sticky strategy (KIP-480) uses that moment to move null-key records to another partition.
// `available_partitions` are the partitions that currently have a known leader; it may be empty,
// and then every partition in [0, num_partitions) is a candidate.
//
// Thread-safety: implementations must be safe to call from many sending threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gregor::client {

class partitioner {
 public:
  virtual ~partitioner() = default;

  // A partition in [0, num_partitions); num_partitions > 0. key_bytes is the serialized key,
  // nullopt for a null key (an empty key is a key and is hashed).
  virtual int32_t partition(std::string_view topic, const std::optional<std::string>& key_bytes,
                            int32_t num_partitions, const std::vector<int32_t>& available_partitions) = 0;

  // The batch for (topic, prev_partition) was sealed.
  virtual void on_new_batch(std::string_view /*topic*/, int32_t /*prev_partition*/) {}
};

}  // namespace gregor::client
