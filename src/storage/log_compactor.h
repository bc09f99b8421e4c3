// log_compactor: one cleaning round of one log (Kafka's Cleaner.clean), run by log_cleaner.
//
//   1. snapshot the log and assess its cleanable range (cleanable_range.h);
//   2. build the key map over the dirty section (key_map_builder.h);
//   3. rewrite every segment below the round's end, oldest first, through batch_filter into
//      "<base>.log.cleaned" outputs, merging consecutive segments while the output stays within
//      segment.bytes and segment.index.bytes (and offsets within 2^31-1 of its base); an output
//      that would overflow is cut back to before the segment that overflowed it, which then
//      starts the next output. A lone segment whose batches all come through verbatim is left as
//      it is. Each finished output is synced and swapped in (log::replace_segments);
//   4. record the new first dirty offset and the earliest pending tombstone horizon.
// The log stays fully usable meanwhile: only step 1 and each swap take its mutex. If the log
// changes under the round (retention deleted a segment, truncation, close) the swap is refused
// and the round ends as aborted; segments already swapped stay (each swap is self-contained).
//
// Thread-safety: compact_log() runs on one thread per log at a time (the cleaner's).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "storage/cleanable_range.h"
#include "storage/log.h"

namespace gregor::storage {

struct compaction_options {
  int64_t now_ms = 0;                       // wall clock for lags and delete horizons
  size_t key_map_bytes = 128u << 20;        // log.cleaner.dedupe.buffer.size
  size_t max_uncompressed_bytes = 256u << 20;
  bool force = false;                       // clean even below min.cleanable.dirty.ratio (tests, tools)
  const std::atomic<bool>* stop = nullptr;  // checked between batches: a prompt stop aborts the round
};

enum class compaction_outcome { cleaned, nothing_to_do, aborted };

struct compaction_result {
  compaction_outcome outcome = compaction_outcome::nothing_to_do;
  cleanable_range range;
  int64_t end_offset = 0;          // the new first dirty offset
  bool map_full = false;           // the key map budget ended the round early
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
  uint64_t records_removed = 0;    // tombstones included
  uint64_t tombstones_removed = 0;
  uint64_t batches_emptied = 0;    // kept as empty batches (last batch of a producer id)
  uint64_t undecodable_batches = 0;
  size_t segments_rewritten = 0;   // input segments replaced
  size_t segments_written = 0;     // cleaned segments swapped in
  int64_t delete_horizon_ms = -1;  // earliest horizon of a tombstone still in the log
};

std::string_view to_string(compaction_outcome o);

// Cleans `l` if its cleanable range says so (or options.force), else returns nothing_to_do.
result<compaction_result> compact_log(log& l, const compaction_options& options);

}  // namespace gregor::storage
