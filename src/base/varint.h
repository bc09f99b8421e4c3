// Variable-length integers used by the Kafka protocol.
//
//  - unsigned varint (LEB128): flexible-version lengths, array counts and tagged-field headers.
//  - zigzag varint / varlong: fields inside v2 records (lengths, deltas, header counts).
// Decoders return the number of bytes consumed, or 0 when the input is truncated or too long.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gregor {

constexpr size_t max_varint32_bytes = 5;
constexpr size_t max_varint64_bytes = 10;

inline size_t uvarint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) { v >>= 7; ++n; }
  return n;
}

// Writes v to out (which must have room for uvarint_size(v) bytes); returns bytes written.
inline size_t put_uvarint(uint8_t* out, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<uint8_t>(v);
  return n;
}

// Reads an unsigned varint of at most max_bytes bytes.
inline size_t get_uvarint(const uint8_t* in, size_t avail, uint64_t& v, size_t max_bytes = max_varint64_bytes) {
  v = 0;
  for (size_t i = 0; i < avail && i < max_bytes; ++i) {
    v |= static_cast<uint64_t>(in[i] & 0x7f) << (7 * i);
    if ((in[i] & 0x80) == 0) return i + 1;
  }
  return 0;
}

constexpr uint64_t zigzag_encode(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
constexpr int64_t zigzag_decode(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

inline size_t varint_size(int64_t v) { return uvarint_size(zigzag_encode(v)); }
inline size_t put_varint(uint8_t* out, int64_t v) { return put_uvarint(out, zigzag_encode(v)); }

// Zigzag varint (int32 range, at most 5 bytes).
inline size_t get_varint32(const uint8_t* in, size_t avail, int32_t& v) {
  uint64_t raw;
  size_t n = get_uvarint(in, avail, raw, max_varint32_bytes);
  if (n == 0 || raw > 0xffffffffull) return 0;
  v = static_cast<int32_t>(zigzag_decode(raw));
  return n;
}

// Zigzag varlong (int64 range, at most 10 bytes).
inline size_t get_varint64(const uint8_t* in, size_t avail, int64_t& v) {
  uint64_t raw;
  size_t n = get_uvarint(in, avail, raw, max_varint64_bytes);
  if (n == 0) return 0;
  v = zigzag_decode(raw);
  return n;
}

}  // namespace gregor
