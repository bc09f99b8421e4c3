#include "protocol/records/batch_builder.h"

#include <algorithm>

namespace gregor::records {

void encode_batch_header(uint8_t* out, const batch_header& h) {
  store_be<int64_t>(out, h.base_offset);
  store_be<int32_t>(out + 8, h.batch_length);
  store_be<int32_t>(out + 12, h.partition_leader_epoch);
  out[16] = static_cast<uint8_t>(h.magic);
  store_be<uint32_t>(out + 17, h.crc);
  store_be<int16_t>(out + 21, h.attributes);
  store_be<int32_t>(out + 23, h.last_offset_delta);
  store_be<int64_t>(out + 27, h.base_timestamp);
  store_be<int64_t>(out + 35, h.max_timestamp);
  store_be<int64_t>(out + 43, h.producer_id);
  store_be<int16_t>(out + 51, h.producer_epoch);
  store_be<int32_t>(out + 53, h.base_sequence);
  store_be<int32_t>(out + 57, h.records_count);
}

void seal_batch(uint8_t* batch, size_t size) {
  store_be<int32_t>(batch + batch_length_offset, static_cast<int32_t>(size - batch_log_overhead));
  store_be<uint32_t>(batch + crc_offset, compute_batch_crc(byte_span(batch, size)));
}

batch_builder::batch_builder(batch_options options, size_t reserve_bytes) : options_(std::move(options)) {
  buffer_.reserve(std::max(reserve_bytes, batch_header_size));
  buffer_.resize(batch_header_size);
}

void batch_builder::reset(batch_options options) {
  options_ = std::move(options);
  buffer_.resize(batch_header_size);  // keeps the capacity for the next batch
  count_ = 0;
  last_offset_delta_ = -1;
  base_timestamp_ = max_timestamp_ = -1;
}

void batch_builder::append(int64_t timestamp, std::optional<byte_span> key, std::optional<byte_span> value,
                           std::span<const header_ref> headers) {
  append_with_delta(count_, timestamp, key, value, headers);
}

void batch_builder::append_with_delta(int32_t offset_delta, int64_t timestamp, std::optional<byte_span> key,
                                      std::optional<byte_span> value, std::span<const header_ref> headers) {
  if (count_ == 0) {
    base_timestamp_ = options_.base_timestamp.value_or(timestamp);
    max_timestamp_ = timestamp;
  }
  max_timestamp_ = std::max(max_timestamp_, timestamp);
  append_record(buffer_, record_fields{timestamp - base_timestamp_, offset_delta, key, value, headers});
  last_offset_delta_ = offset_delta;
  ++count_;
}

result<std::vector<uint8_t>> batch_builder::finish() {
  batch_header h;
  h.base_offset = options_.base_offset;
  h.partition_leader_epoch = options_.partition_leader_epoch;
  h.magic = 2;
  h.attributes = static_cast<int16_t>(static_cast<int16_t>(options_.codec) |
                                      (options_.log_append_time_ms ? attr_log_append_time : 0) |
                                      (options_.transactional ? attr_transactional : 0) |
                                      (options_.control ? attr_control : 0));
  h.last_offset_delta = last_offset_delta_;
  h.base_timestamp = count_ == 0 ? options_.base_timestamp.value_or(-1) : base_timestamp_;
  h.max_timestamp = options_.log_append_time_ms.value_or(max_timestamp_);
  h.producer_id = options_.producer_id;
  h.producer_epoch = options_.producer_epoch;
  h.base_sequence = options_.base_sequence;
  h.records_count = count_;

  std::vector<uint8_t> out;
  if (options_.codec == compression::none) {
    out = std::move(buffer_);
    buffer_ = {};
  } else {
    out.reserve(buffer_.size() / 2 + 1024);
    out.resize(batch_header_size);
    byte_span body(buffer_.data() + batch_header_size, buffer_.size() - batch_header_size);
    if (auto r = compress_into(options_.codec, body, out, options_.compress); !r) {
      return fail(std::move(r.error()));
    }
  }
  encode_batch_header(out.data(), h);
  seal_batch(out.data(), out.size());
  reset(std::move(options_));
  return out;
}

}  // namespace gregor::records
