// retention: which old segments a log may delete (Kafka's delete cleanup policy).
//
// Candidates are the oldest segments, in order, never the active (last) one, and only those
// whose every offset is below the high watermark (the next segment's base <= high watermark).
// A prefix of them is deleted when any rule holds for each of its segments:
//   - log start: the next segment starts at or below log_start_offset (DeleteRecords/retention);
//   - retention.ms: now - (largest batch timestamp of the segment, or file mtime) > retention.ms;
//   - retention.bytes: deleting it still leaves at least retention.bytes in the log.
//
// Thread-safety: a pure function of its arguments; called under the log's mutex.
#pragma once

#include <memory>
#include <span>

#include "base/result.h"
#include "storage/log_config.h"
#include "storage/segment.h"

namespace gregor::storage {

struct retention_input {
  int64_t now_ms;
  int64_t log_start_offset;
  int64_t high_watermark;
  uint64_t total_bytes;
};

// How many leading segments to delete.
result<size_t> segments_to_delete(std::span<const std::shared_ptr<segment>> segments, const log_config& config,
                                  const retention_input& in);

}  // namespace gregor::storage
