// producer_batch: one record batch for one partition, from its first record until the broker's
// answer (or its failure) completes every record in it.
//
// Records are encoded at send() time straight into the batch buffer, behind 61 bytes left for
// the v2 header (docs/record-batch.md), so sending costs no per-record allocation. Uncompressed
// batches also checksum each record as it is written (base/crc32c.h, crc32c_combine). close() runs on the I/O
// thread when the batch is drained: it writes the header (producer id, epoch and base sequence
// included), compresses the records section if a codec is set (into a reused scratch buffer, then
// back over the records, so the batch buffer carries either form), and completes the CRC. A batch
// resent under a new producer identity is re-stamped in place (restamp()).
//
// Life: open (user threads append under the partition lock) -> closed (I/O thread only: in a
// request, maybe back in the queue for a retry) -> done (complete() or fail()). A batch destroyed
// before it is done fails its records, so no future is ever left waiting.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/shared_bytes.h"
#include "client/producer/delivery_state.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"
#include "protocol/records/record.h"

namespace gregor::client {

class buffer_pool;
class buffer_recycler;
class incomplete_batches;
struct producer_stats;

// What every batch reports to: memory accounting, counters and flush() tracking.
struct batch_services {
  buffer_pool* pool = nullptr;
  buffer_recycler* buffers = nullptr;  // optional: plain allocation without it
  producer_stats* stats = nullptr;
  incomplete_batches* incomplete = nullptr;
};

// One record as send() hands it to the accumulator (all bytes borrowed for the call).
struct record_input {
  int64_t timestamp = 0;
  std::optional<byte_span> key;
  std::optional<byte_span> value;
  std::span<const records::header_ref> headers;
  record_facts facts;  // sizes and timestamp for the future (index filled in by append)
};

class producer_batch {
 public:
  // `capacity`: bytes of records (header included) the batch may hold; it is also what was
  // reserved from the pool and is released when the batch is destroyed. `checksum_records`:
  // checksum records as they are appended (worth it only for batches sent uncompressed).
  producer_batch(std::string topic, int32_t partition, size_t capacity, int64_t created_ms,
                 const batch_services& services, bool checksum_records);
  ~producer_batch();
  producer_batch(const producer_batch&) = delete;
  producer_batch& operator=(const producer_batch&) = delete;

  // --- user threads, under the partition lock ---
  // Appends unless the batch is closed or the record does not fit (the first record always
  // fits); returns the record's index, or -1 (the batch then stops accepting records).
  int32_t try_append(const record_input& r, const delivery_callback* callback);
  bool accepting() const { return accepting_; }
  void stop_accepting() { accepting_ = false; }
  const std::shared_ptr<delivery_state>& state() const { return state_; }

  // Registers the batch with incomplete_batches (under the partition lock, so ids follow queue
  // order). Unregistered batches (0) were never queued.
  void assign_id();
  uint64_t id() const { return id_; }

  // --- I/O thread (and under the partition lock while still queued) ---
  const std::string& topic() const { return state_->topic(); }
  int32_t partition() const { return state_->partition(); }
  int32_t record_count() const { return count_; }
  int64_t created_ms() const { return created_ms_; }
  // Uncompressed bytes (header included) before close(); the batch's wire size after.
  size_t size_bytes() const { return payload_ ? payload_size_ : used_; }
  bool closed() const { return payload_ != nullptr; }
  // Bytes of records (header included) before compression.
  size_t uncompressed_size() const { return payload_ ? uncompressed_size_ : used_; }

  // Builds the wire form. Fails only if the codec fails (then nothing changes).
  result<void> close(records::compression codec, const records::compress_options& options, int64_t producer_id,
                     int16_t producer_epoch, int32_t base_sequence);
  // Rewrites producer id, epoch and base sequence of a closed batch and recomputes its CRC.
  void restamp(int64_t producer_id, int16_t producer_epoch, int32_t base_sequence);
  // The closed batch as sent (shares the buffer, no copy).
  shared_bytes payload() const;

  // Idempotence: the identity the batch was stamped with (sequence -1: none yet).
  int64_t producer_id() const { return producer_id_; }
  int16_t producer_epoch() const { return producer_epoch_; }
  int32_t base_sequence() const { return base_sequence_; }
  uint64_t identity_generation = 0;  // the sender's identity generation when stamped

  // Retry bookkeeping (I/O thread).
  int32_t attempts = 0;
  int64_t retry_at_ms = 0;  // not resent before this
  bool is_retry = false;    // back in the queue after a failed attempt
  std::string last_error;   // why the last attempt failed, for expiry messages

  // Completion (I/O thread, or whoever destroys an unfinished batch). Runs record callbacks.
  void complete(int64_t base_offset, int64_t log_append_time);
  void fail(error_code code, const std::string& message, bool timeout = false);
  bool done() const { return state_->done(); }

 private:
  void finish();

  struct record_callback {
    record_facts facts;
    delivery_callback callback;
  };

  uint64_t id_ = 0;
  std::shared_ptr<delivery_state> state_;
  const size_t capacity_;
  const int64_t created_ms_;
  batch_services services_;

  bool accepting_ = true;
  std::unique_ptr<uint8_t[]> buffer_;  // capacity_ bytes: header room, then the encoded records
  size_t used_ = records::batch_header_size;
  const bool checksum_records_;
  // crc32c of the records up to crc_done_ (when checksum_records_). Checksummed in runs of a few
  // KiB: still in cache, and long enough for the CRC instruction's three-stream path.
  uint32_t records_crc_ = 0;
  size_t crc_done_ = records::batch_header_size;
  int32_t count_ = 0;
  int64_t base_timestamp_ = -1;
  int64_t max_timestamp_ = -1;
  std::vector<record_callback> callbacks_;

  void seal();
  void checksum_pending();
  void share_buffer(size_t buffer_size);

  std::shared_ptr<const uint8_t> payload_;  // after close(): the wire form
  uint8_t* payload_data_ = nullptr;         // the same bytes, for re-stamping
  size_t payload_size_ = 0;
  size_t uncompressed_size_ = 0;
  records::compression codec_ = records::compression::none;
  int64_t producer_id_ = -1;
  int16_t producer_epoch_ = -1;
  int32_t base_sequence_ = -1;
};

}  // namespace gregor::client
