// batch_header: the fixed 61-byte header of a v2 record batch (docs/record-batch.md).
//
//   0 base_offset int64 | 8 batch_length int32 (bytes after this field) | 12 partition_leader_epoch int32
//  16 magic int8 (=2)   | 17 crc uint32 (CRC-32C of bytes 21..end)      | 21 attributes int16
//  23 last_offset_delta int32 | 27 base_timestamp int64 | 35 max_timestamp int64
//  43 producer_id int64 | 51 producer_epoch int16 | 53 base_sequence int32 | 57 records_count int32
//  61 records...
//
// Storage and the broker read headers in place; nothing here decompresses or walks records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/byte_order.h"
#include "base/crc32c.h"
#include "base/shared_bytes.h"

namespace gregor::records {

constexpr size_t batch_header_size = 61;
constexpr size_t batch_length_offset = 8;
constexpr size_t partition_leader_epoch_offset = 12;
constexpr size_t magic_offset = 16;
constexpr size_t crc_offset = 17;
constexpr size_t attributes_offset = 21;
constexpr size_t max_timestamp_offset = 35;
// Bytes before batch_length's coverage starts: base_offset + batch_length.
constexpr size_t batch_log_overhead = 12;

enum class compression : uint8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };

struct batch_header {
  int64_t base_offset = 0;
  int32_t batch_length = 0;
  int32_t partition_leader_epoch = -1;
  int8_t magic = 2;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t last_offset_delta = 0;
  int64_t base_timestamp = -1;
  int64_t max_timestamp = -1;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t records_count = 0;

  int64_t last_offset() const { return base_offset + last_offset_delta; }
  size_t total_size() const { return static_cast<size_t>(batch_length) + batch_log_overhead; }
  compression codec() const { return static_cast<compression>(attributes & 0x7); }
  bool log_append_time() const { return (attributes & 0x8) != 0; }
  bool is_transactional() const { return (attributes & 0x10) != 0; }
  bool is_control() const { return (attributes & 0x20) != 0; }
  bool has_producer_id() const { return producer_id >= 0; }
  int32_t last_sequence() const { return base_sequence < 0 ? -1 : base_sequence + last_offset_delta; }
};

// Reads the header fields from the first 61 bytes; nullopt if fewer bytes are given.
// No validation beyond the length: see validate_batch() for that.
inline std::optional<batch_header> parse_batch_header(byte_span bytes) {
  if (bytes.size() < batch_header_size) return std::nullopt;
  const uint8_t* p = bytes.data();
  batch_header h;
  h.base_offset = load_be<int64_t>(p);
  h.batch_length = load_be<int32_t>(p + 8);
  h.partition_leader_epoch = load_be<int32_t>(p + 12);
  h.magic = static_cast<int8_t>(p[16]);
  h.crc = load_be<uint32_t>(p + 17);
  h.attributes = load_be<int16_t>(p + 21);
  h.last_offset_delta = load_be<int32_t>(p + 23);
  h.base_timestamp = load_be<int64_t>(p + 27);
  h.max_timestamp = load_be<int64_t>(p + 35);
  h.producer_id = load_be<int64_t>(p + 43);
  h.producer_epoch = load_be<int16_t>(p + 51);
  h.base_sequence = load_be<int32_t>(p + 53);
  h.records_count = load_be<int32_t>(p + 57);
  return h;
}

// The CRC-32C a batch's crc field should hold (bytes 21..end). `batch` is the whole batch.
inline uint32_t compute_batch_crc(byte_span batch) {
  return crc32c(batch.data() + attributes_offset, batch.size() - attributes_offset);
}

// Rewrites base_offset in place; the CRC does not cover it, so it stays valid.
inline void set_base_offset(uint8_t* batch, int64_t base_offset) { store_be<int64_t>(batch, base_offset); }
inline void set_partition_leader_epoch(uint8_t* batch, int32_t epoch) {
  store_be<int32_t>(batch + partition_leader_epoch_offset, epoch);
}

}  // namespace gregor::records
