// log_config: per-partition storage settings, with Kafka's topic-config defaults.
//
//   segment.bytes, segment.ms, retention.ms, retention.bytes, index.interval.bytes,
//   segment.index.bytes, flush.messages, flush.ms, cleanup.policy (delete and/or compact),
//   file.delete.delay.ms, delete.retention.ms, min.cleanable.dirty.ratio,
//   min.compaction.lag.ms, max.compaction.lag.ms
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
  // Segments removed by retention, DeleteRecords, truncation or the cleaner are renamed
  // "<file>.deleted" and unlinked this long afterwards (<= 0: at once).
  int64_t file_delete_delay_ms = 60000;

  // Compaction (log_cleaner.h, docs/storage-format.md "Compaction").
  bool compact_enabled = false;       // cleanup.policy contains "compact"
  int64_t delete_retention_ms = 86400000;        // tombstones live this long after first cleaned
  double min_cleanable_dirty_ratio = 0.5;        // dirty / (clean + dirty) bytes to start cleaning
  int64_t min_compaction_lag_ms = 0;             // records younger than this are not cleaned
  int64_t max_compaction_lag_ms = std::numeric_limits<int64_t>::max();  // clean by then, whatever the ratio
};

}  // namespace gregor::storage
