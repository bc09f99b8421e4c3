// key_map_builder: the first pass of a cleaning round (Kafka's buildOffsetMap).
//
// Walks the segments the round may rewrite, oldest first:
//   - dirty batches (in [first_dirty, first_uncleanable)) are read whole and CRC-checked, and
//     every keyed record of a non-control, non-transactional batch is put in the key map;
//   - every other batch is read as a header only;
//   - every batch with a producer id records "last batch of this producer so far", so the rewrite
//     can keep the last batch of each producer (its producer state must survive, as in Kafka).
// When the key map's budget would be exceeded, mapping stops before that batch: the round then
// ends there (map_end) and only segments below map_end are rewritten.
//
// Thread-safety: runs on the cleaner thread over immutable segments (no log mutex).
#pragma once

#include <atomic>
#include <cstdint>
#include <unordered_map>

#include "base/result.h"
#include "storage/cleanable_range.h"
#include "storage/key_map.h"

namespace gregor::storage {

struct key_map_pass {
  key_map map;
  std::unordered_map<int64_t, int64_t> last_batch_of_producer;  // producer id -> base offset
  int64_t map_end = 0;          // the round's end: the next first dirty offset
  size_t segments = 0;          // leading snapshot segments to rewrite (base < map_end)
  bool map_full = false;
  uint64_t bytes_read = 0;
  bool stopped = false;         // the stop flag was raised
};

result<key_map_pass> build_key_map(const log_snapshot& snapshot, const cleanable_range& range, size_t budget_bytes,
                                   const std::atomic<bool>* stop, size_t max_uncompressed_bytes);

}  // namespace gregor::storage
