// record_batch: checks, splits, reads and rewrites v2 record batches (docs/record-batch.md).
//
//   batch   := header(61 bytes, see batch_header.h) records
//   records := record{records_count}                       when attributes & 7 == 0
//            | compressed(record{records_count})           otherwise, one stream for all records
//   crc     := CRC-32C(bytes 21..end); base_offset and partition_leader_epoch are outside it.
//
// Produce path: split_batches() cuts the request's record set into batches, validate_batch()
// checks each one the way Kafka's broker does (deep = also decode every record, decompressing if
// needed), then the broker assigns offsets with set_base_offset() without touching the CRC, and
// set_log_append_time() / recompress_batch() when topic settings require. read_records() is for
// tests and clients.
//
// The byte_span inputs are borrowed for the call. All functions are thread-safe (no shared state
// except a per-thread scratch buffer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/shared_bytes.h"
#include "protocol/records/batch_builder.h"
#include "protocol/records/batch_error.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"
#include "protocol/records/record.h"

namespace gregor::records {

// Default bound on a batch's decompressed records section (zip-bomb protection).
constexpr size_t default_max_uncompressed_bytes = 64 * 1024 * 1024;

// Size, magic, batch_length, records_count >= 0, a known codec, and the CRC. No record decoding.
// Errors: corrupt_message, or unsupported_compression_type for codec ids 5-7.
batch_result<batch_header> check_batch_integrity(byte_span batch);

struct validate_options {
  // Also decode every record (decompressing if needed) and check offset deltas are 0..n-1.
  bool deep = false;
  // The client-only rules (no control batches, producer_id >= 0 needs base_sequence >= 0) apply
  // to batches from Produce requests; the broker's own writes (transaction markers) skip them.
  bool client_origin = true;
  // Produce v7+ only; older requests carrying zstd get unsupported_compression_type.
  bool allow_zstd = true;
  size_t max_uncompressed_bytes = default_max_uncompressed_bytes;
};

// Checks one client-written batch (exactly the bytes of one batch) as Kafka's broker would:
//   corrupt_message   : too short, batch_length disagrees with the size, magic != 2, bad CRC,
//                       records that do not parse or do not fill the records section (deep);
//   invalid_record    : last_offset_delta + 1 != records_count or <= 0, control batch from a
//                       client, producer_id >= 0 with base_sequence < 0, record offset deltas
//                       other than 0..n-1 (deep);
//   unsupported_compression_type : codec id 5-7, or zstd when !allow_zstd.
batch_result<batch_header> validate_batch(byte_span batch, const validate_options& options = {});

// Cuts a concatenation of batches into one span per batch using each batch_length. A trailing
// partial batch, or a batch_length shorter than a header, is corrupt_message. Empty input gives an
// empty vector (Produce v3+ requires exactly one batch per partition: the caller checks that).
batch_result<std::vector<byte_span>> split_batches(byte_span records);

// Iterates the records section of one batch (already decompressed) without allocating.
class record_cursor {
 public:
  record_cursor(byte_span records, int32_t count) : bytes_(records), left_(count) {}
  // Fills `out` with the next record; false at the end or on a decode error (see failed()).
  bool next(record_view& out);
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // True once every declared record was read and no bytes are left over.
  bool exhausted_cleanly() const { return left_ == 0 && bytes_.empty() && error_.empty(); }

 private:
  byte_span bytes_;
  int32_t left_;
  std::string error_;
};

struct decoded_batch {
  batch_header header;
  std::vector<record> records;
};

// Decodes all records of one batch with absolute offsets and timestamps (LogAppendTime batches
// give every record max_timestamp). Checks integrity (including the CRC) first. Keys and values
// are slices of `batch` when it is uncompressed, else of one decompressed buffer.
batch_result<decoded_batch> read_records(const shared_bytes& batch,
                                         size_t max_uncompressed_bytes = default_max_uncompressed_bytes);
// Same, copying the batch once (the records need an owner to slice).
batch_result<decoded_batch> read_records(byte_span batch,
                                         size_t max_uncompressed_bytes = default_max_uncompressed_bytes);

// A new batch with the same header fields and records, its records section re-encoded with
// `target` (decompressing the source codec first). Records are not re-encoded: their deltas,
// offsets and timestamps are unchanged. The CRC is recomputed.
batch_result<std::vector<uint8_t>> recompress_batch(byte_span batch, compression target,
                                                    const compress_options& options = {},
                                                    size_t max_uncompressed_bytes = default_max_uncompressed_bytes);

// Marks a batch as LogAppendTime: sets attribute bit 3 and max_timestamp = now_ms (base_timestamp
// and record deltas stay; readers use max_timestamp for every record), then recomputes the CRC.
// False if `size` is not the batch's full size.
bool set_log_append_time(uint8_t* batch, size_t size, int64_t now_ms);

}  // namespace gregor::records
