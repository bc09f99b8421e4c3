// batch_builder: assembles one v2 record batch from records (docs/record-batch.md).
//
// Records are encoded straight into a single buffer that already holds room for the 61-byte
// header, so appending allocates only when that buffer grows. finish() fills the header, compresses
// the records section (when a codec is set) into one output buffer and computes the CRC-32C over
// bytes 21..end. Timestamp deltas are relative to the first record's timestamp (or the given base).
//
// Users: tests, the broker (recompression, control batches) and the client's accumulator.
// Thread-safety: none; one builder per thread or per partition accumulator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "base/shared_bytes.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"
#include "protocol/records/record.h"

namespace gregor::records {

// Attribute bits above the codec (bits 0-2).
constexpr int16_t attr_log_append_time = 0x08;
constexpr int16_t attr_transactional = 0x10;
constexpr int16_t attr_control = 0x20;
constexpr int16_t attr_delete_horizon = 0x40;

struct batch_options {
  int64_t base_offset = 0;
  int32_t partition_leader_epoch = -1;
  compression codec = compression::none;
  compress_options compress;
  // When set, the batch uses LogAppendTime and max_timestamp is this value.
  std::optional<int64_t> log_append_time_ms;
  // Default: the first record's timestamp.
  std::optional<int64_t> base_timestamp;
  bool transactional = false;
  bool control = false;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
};

class batch_builder {
 public:
  explicit batch_builder(batch_options options = {}, size_t reserve_bytes = 0);

  // Appends a record at the next offset (offset delta = number of records so far).
  void append(int64_t timestamp, std::optional<byte_span> key, std::optional<byte_span> value,
              std::span<const header_ref> headers = {});
  // Appends with an explicit offset delta (compaction keeps gaps; tests build invalid batches).
  void append_with_delta(int32_t offset_delta, int64_t timestamp, std::optional<byte_span> key,
                         std::optional<byte_span> value, std::span<const header_ref> headers = {});

  int32_t record_count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Uncompressed size so far, header included: an upper bound for sizing before compression.
  size_t uncompressed_size() const { return buffer_.size(); }

  // Produces the batch. The builder is then empty with the same options; reset() changes them.
  result<std::vector<uint8_t>> finish();
  void reset(batch_options options);

 private:
  batch_options options_;
  std::vector<uint8_t> buffer_;  // batch_header_size reserved bytes, then encoded records
  int32_t count_ = 0;
  int32_t last_offset_delta_ = -1;
  int64_t base_timestamp_ = -1;
  int64_t max_timestamp_ = -1;
};

// Writes `h` as the 61-byte header at `out` (crc and batch_length as given).
void encode_batch_header(uint8_t* out, const batch_header& h);
// Sets batch_length from `size` and recomputes the CRC of a complete batch in place.
void seal_batch(uint8_t* batch, size_t size);

}  // namespace gregor::records
