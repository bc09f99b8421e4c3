#include "storage/cleanable_range.h"

#include <algorithm>
#include <limits>

namespace gregor::storage {

int64_t next_base_offset(const log_snapshot& s, size_t i) {
  return i + 1 < s.segments.size() ? s.segments[i + 1].base_offset : s.active_base_offset;
}

cleanable_range assess_cleanable_range(const log_snapshot& s, int64_t now_ms) {
  cleanable_range r;
  const log_config& c = s.config;
  r.first_dirty = s.cleaner_offset;

  // Hard bound: the active segment, and the first segment not wholly below the high watermark.
  size_t hard = 0;
  while (hard < s.segments.size() && next_base_offset(s, hard) <= s.high_watermark) ++hard;
  r.hard_limit = hard < s.segments.size() ? s.segments[hard].base_offset : s.active_base_offset;

  // min.compaction.lag.ms: the first dirty segment holding a record newer than now - lag.
  size_t limit = hard;
  if (c.min_compaction_lag_ms > 0) {
    for (size_t i = 0; i < hard; ++i) {
      if (next_base_offset(s, i) <= r.first_dirty) continue;  // clean: not subject to the lag
      if (s.segments[i].largest_timestamp > now_ms - c.min_compaction_lag_ms) {
        limit = i;
        break;
      }
    }
  }
  r.first_uncleanable = limit < s.segments.size() ? s.segments[limit].base_offset : s.active_base_offset;
  r.first_uncleanable = std::min(r.first_uncleanable, r.hard_limit);

  bool first_dirty_seen = false;
  for (size_t i = 0; i < s.segments.size(); ++i) {
    const auto& seg = s.segments[i];
    int64_t next = next_base_offset(s, i);
    if (seg.base_offset < r.first_dirty) r.clean_bytes += seg.size;
    if (next > r.first_dirty && seg.base_offset < r.first_uncleanable) {
      r.dirty_bytes += seg.size;
      if (!first_dirty_seen) {
        first_dirty_seen = true;
        int64_t ts = seg.first_batch_timestamp;
        r.max_lag_due = ts >= 0 && c.max_compaction_lag_ms != std::numeric_limits<int64_t>::max() &&
                        now_ms - ts > c.max_compaction_lag_ms;
      }
    }
  }
  uint64_t total = r.clean_bytes + r.dirty_bytes;
  r.dirty_ratio = total == 0 ? 0.0 : static_cast<double>(r.dirty_bytes) / static_cast<double>(total);
  r.horizon_due = s.delete_horizon_ms >= 0 && s.delete_horizon_ms <= now_ms;

  // The round rewrites segments below max(first_dirty, first_uncleanable), never past the hard bound.
  int64_t end = std::min(std::max(r.first_dirty, r.first_uncleanable), r.hard_limit);
  while (r.rewritable_segments < s.segments.size() && s.segments[r.rewritable_segments].base_offset < end) {
    ++r.rewritable_segments;
  }
  bool dirty_enough = r.dirty_bytes > 0 && (r.dirty_ratio >= c.min_cleanable_dirty_ratio || r.max_lag_due);
  r.should_clean = c.compact_enabled && r.rewritable_segments > 0 && (dirty_enough || r.horizon_due);
  return r;
}

}  // namespace gregor::storage
