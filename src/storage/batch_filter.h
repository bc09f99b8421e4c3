// batch_filter: the record-level rule of compaction, applied to one v2 batch.
//
// A record survives cleaning unless
//   - it has no key (a compacted log keeps only keyed records, as Kafka does), or
//   - the key map holds a later offset for its key (a newer record supersedes it), or
//   - it is a tombstone (null value) in a batch whose delete horizon has passed.
// Delete horizon (KIP-534): the first cleaning that keeps a tombstone, in a batch wholly below the
// end of the round's map, rewrites the batch with attribute bit 6 set and base_timestamp =
// now + delete.retention.ms (record timestamp deltas are re-encoded against it, so every record
// keeps its timestamp). A later cleaning at or after that time removes the batch's tombstones.
//
// Control batches and transactional batches are kept verbatim: Gregor does not yet know which
// transactions aborted, so their records neither supersede nor get superseded. A batch whose
// records do not decode is kept verbatim too.
//
// The surviving records keep their bytes (unless re-encoded for a horizon) and offset deltas; the
// new batch keeps base offset, last_offset_delta, timestamps, producer fields and codec (the
// records are recompressed; snappy keeps its xerial or raw framing). A batch left without
// records is dropped, unless keep_header: then it is written as an empty batch (records_count 0,
// uncompressed) that keeps its offsets and producer fields — used for the last batch of each
// producer id (as Kafka does), so the producer's last sequence and epoch stay in the log.
//
// Thread-safety: pure function over borrowed inputs.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "base/shared_bytes.h"
#include "protocol/records/batch_header.h"
#include "storage/key_map.h"

namespace gregor::storage {

struct filter_rules {
  const key_map* map = nullptr;
  int64_t map_end = 0;            // first offset this round did not map; tombstones at or above it are left alone
  int64_t now_ms = 0;
  int64_t delete_retention_ms = 0;
  size_t max_uncompressed_bytes = 256u << 20;
};

enum class batch_fate { verbatim, rewritten, emptied, dropped };

struct filtered_batch {
  batch_fate fate = batch_fate::verbatim;
  std::vector<uint8_t> bytes;        // the new batch when rewritten or emptied
  int32_t records_removed = 0;       // tombstones included
  int32_t tombstones_removed = 0;
  int64_t pending_horizon_ms = -1;   // delete horizon of tombstones still in the batch; -1: none
  bool undecodable = false;
};

// `batch` is one whole batch whose CRC was checked; `h` its parsed header.
result<filtered_batch> filter_batch(byte_span batch, const records::batch_header& h, bool keep_header,
                                    const filter_rules& rules);

}  // namespace gregor::storage
