// log_config: per-partition storage settings, with Kafka's topic-config defaults.
//
//   segment.bytes, segment.ms, retention.ms, retention.bytes, index.interval.bytes,
//   segment.index.bytes, flush.messages, flush.ms, cleanup.policy (delete), file.delete.delay.ms
//
// A plain value; copy it freely.
#pragma once

#include <cstdint>
#include <limits>

namespace gregor::storage {

struct log_config {
  int64_t segment_bytes = 1073741824;
  int64_t segment_ms = 604800000;
  int64_t retention_ms = 604800000;   // -1: no time limit
  int64_t retention_bytes = -1;       // -1: no size limit
  int32_t index_interval_bytes = 4096;
  int32_t max_index_bytes = 10485760;
  int64_t flush_messages = std::numeric_limits<int64_t>::max();
  int64_t flush_ms = std::numeric_limits<int64_t>::max();
  bool delete_enabled = true;         // cleanup.policy contains "delete"
  int64_t file_delete_delay_ms = 60000;  // accepted; segments are deleted immediately after rename
};

}  // namespace gregor::storage
