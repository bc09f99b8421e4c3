#include "storage/retention.h"

#include <algorithm>

namespace gregor::storage {

result<size_t> segments_to_delete(std::span<const std::shared_ptr<segment>> segments, const log_config& config,
                                  const retention_input& in) {
  // Segments that may be deleted at all: not active, entirely below the high watermark.
  size_t eligible = 0;
  while (eligible + 1 < segments.size() && segments[eligible + 1]->base_offset() <= in.high_watermark) ++eligible;

  size_t by_start = 0;
  while (by_start < eligible && segments[by_start + 1]->base_offset() <= in.log_start_offset) ++by_start;

  size_t by_time = 0;
  if (config.delete_enabled && config.retention_ms >= 0) {
    while (by_time < eligible) {
      auto ts = segments[by_time]->largest_timestamp_for_retention();
      if (!ts) return fail(ts.error());
      if (in.now_ms - *ts <= config.retention_ms) break;
      ++by_time;
    }
  }

  size_t by_size = 0;
  if (config.delete_enabled && config.retention_bytes >= 0 &&
      in.total_bytes > static_cast<uint64_t>(config.retention_bytes)) {
    uint64_t excess = in.total_bytes - static_cast<uint64_t>(config.retention_bytes);
    while (by_size < eligible && segments[by_size]->size() <= excess) {
      excess -= segments[by_size]->size();
      ++by_size;
    }
  }
  return std::max({by_start, by_time, by_size});
}

}  // namespace gregor::storage
