// record: one record inside a v2 record batch, as a zero-copy view and as an owned value.
//
// Wire layout (docs/record-batch.md; varint/varlong are zigzag):
//   record  := length:varint body            (length = size of body in bytes)
//   body    := attributes:int8 timestamp_delta:varlong offset_delta:varint
//              key_len:varint key[key_len]   (key_len = -1: null key)
//              value_len:varint value[...]   (value_len = -1: null value)
//              header_count:varint header*
//   header  := key_len:varint key (UTF-8, key_len >= 0) value_len:varint value (-1: null)
//
// record_view points into the caller's buffer and allocates nothing; decode_record() checks every
// length against the input, so it never reads past it. record is the owned form handed to tests and
// clients; its key/value share one backing buffer with the batch (shared_bytes slices).
// Thread-safety: plain values; no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/shared_bytes.h"

namespace gregor::records {

// A header as the encoder takes it and the view hands it out (borrowed bytes).
struct header_ref {
  std::string_view key;
  std::optional<byte_span> value;
};

// Walks the already-checked header region of a record_view.
class header_cursor {
 public:
  header_cursor() = default;
  header_cursor(byte_span bytes, int32_t count) : bytes_(bytes), left_(count) {}
  // Fills `out` with the next header; false when none remain.
  bool next(header_ref& out);

 private:
  byte_span bytes_;
  int32_t left_ = 0;
};

// A decoded record that borrows from the buffer it was decoded from.
struct record_view {
  size_t encoded_size = 0;  // bytes consumed, including the length prefix
  int8_t attributes = 0;
  int64_t timestamp_delta = 0;
  int32_t offset_delta = 0;
  std::optional<byte_span> key;
  std::optional<byte_span> value;
  int32_t header_count = 0;
  byte_span header_bytes;  // the encoded headers, validated by decode_record()

  header_cursor headers() const { return {header_bytes, header_count}; }
};

// Decodes the record at the start of `in`. Errors (as text) on truncation, negative or
// inconsistent lengths, or a body whose fields do not fill `length` exactly.
result<record_view> decode_record(byte_span in);

// What the encoder writes for one record (all bytes borrowed).
struct record_fields {
  int64_t timestamp_delta = 0;
  int32_t offset_delta = 0;
  std::optional<byte_span> key;
  std::optional<byte_span> value;
  std::span<const header_ref> headers;
};

// Size of the encoded record, length prefix included.
size_t encoded_record_size(const record_fields& r);
// Writes the record to `out`, which must hold encoded_record_size(r) bytes; returns bytes written.
size_t encode_record(uint8_t* out, const record_fields& r);
// Appends the encoded record to `out` (one resize, no other allocation).
void append_record(std::vector<uint8_t>& out, const record_fields& r);

// An owned header; the value shares the batch's backing buffer.
struct record_header {
  std::string key;
  std::optional<shared_bytes> value;
  friend bool operator==(const record_header&, const record_header&) = default;
};

// A record with absolute offset and timestamp, as read_records() returns it.
struct record {
  int64_t offset = 0;
  int64_t timestamp = -1;
  std::optional<shared_bytes> key;
  std::optional<shared_bytes> value;
  std::vector<record_header> headers;
};

// Converts a view into an owned record. `owner` must be the buffer the view points into; key, value
// and header values become slices of it (no copies). Offset and timestamp are absolute.
record to_record(const record_view& v, const shared_bytes& owner, int64_t offset, int64_t timestamp);

// Helpers for tests and callers holding text.
inline byte_span bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace gregor::records
