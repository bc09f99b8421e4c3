// completed_fetch: one partition's share of a Fetch response, waiting to be read by poll().
//
// The I/O thread cuts it out of the response without copying (records is a slice of the response
// frame) and queues it on the partition; the application thread turns it into records lazily with
// record_reader. `epoch` is the partition's fetch epoch when the request went out: a seek or reset
// bumps the epoch, which makes fetches already in flight or queued stale. An error (for example
// OFFSET_OUT_OF_RANGE) travels the same way so that it is handled in order, once the records
// before it were consumed. A plain value type.
#pragma once

#include <cstdint>
#include <vector>

#include "base/shared_bytes.h"
#include "gregor/types.h"
#include "protocol/error_code.h"

namespace gregor::client {

struct aborted_transaction {
  int64_t producer_id = -1;
  int64_t first_offset = -1;
};

struct completed_fetch {
  gregor::topic_partition tp;
  uint64_t epoch = 0;
  int64_t fetch_offset = 0;
  // Offset after the last complete batch (the next fetch starts there).
  int64_t next_fetch_offset = 0;
  protocol::error_code error = protocol::error_code::none;
  shared_bytes records;
  std::vector<aborted_transaction> aborted;  // sorted by first_offset (read_committed only)
  int64_t high_watermark = -1;
  int64_t last_stable_offset = -1;
  int64_t log_start_offset = -1;
};

// The offset after the last complete batch in `records` (partial trailing batches are normal in
// Fetch responses), or `fetch_offset` when there is none.
int64_t next_offset_after(const shared_bytes& records, int64_t fetch_offset);

}  // namespace gregor::client
