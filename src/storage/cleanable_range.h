// cleanable_range: what part of a compacted log the cleaner may rewrite now, and whether it should.
//
//   log start ... [clean section] first_dirty ... [dirty section] first_uncleanable ... active segment
//
// first_dirty is the cleaner checkpoint (clamped into the log). first_uncleanable is the base of
// the first segment that is the active one, is not wholly below the high watermark, or (with
// min.compaction.lag.ms > 0) has a largest timestamp newer than now - min.compaction.lag.ms.
// dirty bytes = segments overlapping [first_dirty, first_uncleanable); clean bytes = segments
// overlapping [log start, first_dirty) (a segment split by first_dirty counts in both, as in Kafka).
//
// A log is worth cleaning when compaction is on and there are dirty bytes with
// dirty / (clean + dirty) >= min.cleanable.dirty.ratio, or the first dirty segment's first batch
// is older than max.compaction.lag.ms, or a retained tombstone's delete horizon has passed.
//
// Thread-safety: plain values and a pure function; log_snapshot is taken under the log's mutex
// (log::snapshot_for_cleaning) and then read by the cleaner thread alone.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "storage/log_config.h"
#include "storage/segment.h"

namespace gregor::storage {

struct segment_summary {
  std::shared_ptr<segment> seg;
  int64_t base_offset = 0;
  uint64_t size = 0;
  // Filled only for segments in the dirty section, and only when the config needs them:
  int64_t largest_timestamp = -1;      // min.compaction.lag.ms (max batch timestamp or file mtime)
  int64_t first_batch_timestamp = -1;  // max.compaction.lag.ms (first dirty segment only)
};

struct log_snapshot {
  std::vector<segment_summary> segments;  // every segment but the active one, oldest first
  int64_t active_base_offset = 0;
  int64_t log_start_offset = 0;
  int64_t high_watermark = 0;
  int64_t cleaner_offset = 0;       // first dirty offset, already clamped to [log start, log end]
  int64_t delete_horizon_ms = -1;   // earliest delete horizon of a retained tombstone; -1: none known
  uint64_t generation = 0;          // log::generation_ when taken (truncations invalidate a round)
  log_config config;
};

struct cleanable_range {
  int64_t first_dirty = 0;
  int64_t first_uncleanable = 0;  // min-lag, high-watermark and active-segment bound
  int64_t hard_limit = 0;         // high-watermark and active-segment bound only
  uint64_t clean_bytes = 0;
  uint64_t dirty_bytes = 0;
  double dirty_ratio = 0;
  bool max_lag_due = false;
  bool horizon_due = false;
  size_t rewritable_segments = 0;  // leading snapshot segments the round may rewrite
  bool should_clean = false;
};

// The base offset of the segment after segments[i] (the active base for the last one).
int64_t next_base_offset(const log_snapshot& s, size_t i);

cleanable_range assess_cleanable_range(const log_snapshot& snapshot, int64_t now_ms);

}  // namespace gregor::storage
