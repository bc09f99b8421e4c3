#include "protocol/records/record_batch.h"

#include <string>

namespace gregor::records {
namespace {

std::string str(int64_t v) { return std::to_string(v); }

// Per-thread buffer for decompressing during deep validation and recompression; it keeps its
// capacity between batches, but not an outsized one.
class scratch_buffer {
 public:
  scratch_buffer() : buf_(local()) { buf_.clear(); }
  ~scratch_buffer() {
    if (buf_.capacity() > 16 * 1024 * 1024) std::vector<uint8_t>().swap(buf_);
  }
  std::vector<uint8_t>& get() { return buf_; }

 private:
  static std::vector<uint8_t>& local() {
    thread_local std::vector<uint8_t> buf;
    return buf;
  }
  std::vector<uint8_t>& buf_;
};

byte_span records_section(byte_span batch) { return batch.subspan(batch_header_size); }

// The uncompressed records section: the batch itself, or `scratch` filled by decompression.
batch_result<byte_span> uncompressed_records(byte_span batch, const batch_header& h,
                                             std::vector<uint8_t>& scratch, size_t max) {
  if (h.codec() == compression::none) return records_section(batch);
  if (auto r = decompress_into(h.codec(), records_section(batch), scratch, max); !r) {
    return batch_fail(batch_error::corrupt_message, "cannot decompress records: " + r.error());
  }
  return byte_span(scratch);
}

}  // namespace

batch_result<batch_header> check_batch_integrity(byte_span batch) {
  auto h = parse_batch_header(batch);
  if (!h) {
    return batch_fail(batch_error::corrupt_message,
                      "batch of " + str(batch.size()) + " bytes is shorter than the 61-byte header");
  }
  if (h->batch_length < static_cast<int32_t>(batch_header_size - batch_log_overhead) ||
      h->total_size() != batch.size()) {
    return batch_fail(batch_error::corrupt_message,
                      "batch_length " + str(h->batch_length) + " does not match a batch of " + str(batch.size()) + " bytes");
  }
  if (h->magic != 2) return batch_fail(batch_error::corrupt_message, "magic " + str(h->magic) + ", expected 2");
  uint32_t crc = compute_batch_crc(batch);
  if (crc != h->crc) {
    return batch_fail(batch_error::corrupt_message,
                      "CRC-32C mismatch: header has " + str(h->crc) + ", computed " + str(crc));
  }
  if (h->records_count < 0) {
    return batch_fail(batch_error::corrupt_message, "negative records_count " + str(h->records_count));
  }
  if (!is_known_compression(h->codec())) {
    return batch_fail(batch_error::unsupported_compression_type,
                      "unknown compression id " + str(static_cast<int>(h->codec())));
  }
  return *h;
}

bool record_cursor::next(record_view& out) {
  if (left_ <= 0 || !error_.empty()) return false;
  auto r = decode_record(bytes_);
  if (!r) {
    error_ = std::move(r.error());
    return false;
  }
  out = *r;
  bytes_ = bytes_.subspan(r->encoded_size);
  --left_;
  return true;
}

namespace {

// Decodes every record and checks offset deltas run 0..n-1 (Kafka rejects anything else from
// clients, since the broker assigns offsets as base_offset + delta).
batch_result<void> check_records(byte_span records, const batch_header& h) {
  record_cursor cursor(records, h.records_count);
  record_view v;
  int32_t expected = 0;
  while (cursor.next(v)) {
    if (v.offset_delta != expected) {
      return batch_fail(batch_error::invalid_record,
                        "record " + str(expected) + " has offset delta " + str(v.offset_delta));
    }
    ++expected;
  }
  if (cursor.failed()) return batch_fail(batch_error::corrupt_message, "record " + str(expected) + ": " + cursor.error());
  if (!cursor.exhausted_cleanly()) {
    return batch_fail(batch_error::corrupt_message, "records section has bytes after the declared records");
  }
  return {};
}

}  // namespace

batch_result<batch_header> validate_batch(byte_span batch, const validate_options& options) {
  auto h = check_batch_integrity(batch);
  if (!h) return h;
  if (!options.allow_zstd && h->codec() == compression::zstd) {
    return batch_fail(batch_error::unsupported_compression_type, "zstd needs Produce v7 or later");
  }
  if (options.client_origin && h->is_control()) {
    return batch_fail(batch_error::invalid_record, "clients may not write control batches");
  }
  int64_t count_from_offsets = int64_t{h->last_offset_delta} + 1;
  if (count_from_offsets <= 0) {
    return batch_fail(batch_error::invalid_record, "invalid last_offset_delta " + str(h->last_offset_delta));
  }
  if (count_from_offsets != h->records_count) {
    return batch_fail(batch_error::invalid_record, "last_offset_delta + 1 = " + str(count_from_offsets) +
                                                       " but records_count = " + str(h->records_count));
  }
  if (options.client_origin && h->has_producer_id() && h->base_sequence < 0) {
    return batch_fail(batch_error::invalid_record,
                      "producer id " + str(h->producer_id) + " with base_sequence " + str(h->base_sequence));
  }
  if (options.deep) {
    scratch_buffer scratch;
    auto records = uncompressed_records(batch, *h, scratch.get(), options.max_uncompressed_bytes);
    if (!records) return tl::make_unexpected(std::move(records.error()));
    if (auto r = check_records(*records, *h); !r) return tl::make_unexpected(std::move(r.error()));
  }
  return h;
}

batch_result<std::vector<byte_span>> split_batches(byte_span records) {
  std::vector<byte_span> out;
  size_t pos = 0;
  while (pos < records.size()) {
    size_t left = records.size() - pos;
    if (left < batch_log_overhead) {
      return batch_fail(batch_error::corrupt_message, "trailing partial batch of " + str(left) + " bytes");
    }
    int32_t length = load_be<int32_t>(records.data() + pos + batch_length_offset);
    if (length < static_cast<int32_t>(batch_header_size - batch_log_overhead)) {
      return batch_fail(batch_error::corrupt_message, "batch_length " + str(length) + " at byte " + str(pos));
    }
    size_t total = static_cast<size_t>(length) + batch_log_overhead;
    if (total > left) {
      return batch_fail(batch_error::corrupt_message, "trailing partial batch: batch_length " + str(length) +
                                                          " but only " + str(left) + " bytes left");
    }
    out.push_back(records.subspan(pos, total));
    pos += total;
  }
  return out;
}

batch_result<decoded_batch> read_records(const shared_bytes& batch, size_t max_uncompressed_bytes) {
  auto h = check_batch_integrity(batch.span());
  if (!h) return tl::make_unexpected(std::move(h.error()));
  shared_bytes owner;
  if (h->codec() == compression::none) {
    owner = batch.slice(batch_header_size, batch.size() - batch_header_size);
  } else {
    std::vector<uint8_t> plain;
    if (auto r = decompress_into(h->codec(), records_section(batch.span()), plain, max_uncompressed_bytes); !r) {
      return batch_fail(batch_error::corrupt_message, "cannot decompress records: " + r.error());
    }
    owner = shared_bytes::adopt(std::move(plain));
  }
  decoded_batch out{*h, {}};
  // records_count is attacker-controlled: each record takes at least 7 bytes, so bound by size.
  out.records.reserve(std::min<size_t>(static_cast<size_t>(h->records_count), owner.size() / 7));
  record_cursor cursor(owner.span(), h->records_count);
  record_view v;
  while (cursor.next(v)) {
    int64_t ts = h->log_append_time() ? h->max_timestamp : h->base_timestamp + v.timestamp_delta;
    out.records.push_back(to_record(v, owner, h->base_offset + v.offset_delta, ts));
  }
  if (cursor.failed()) {
    return batch_fail(batch_error::corrupt_message, "record " + str(out.records.size()) + ": " + cursor.error());
  }
  if (!cursor.exhausted_cleanly()) {
    return batch_fail(batch_error::corrupt_message, "records section has bytes after the declared records");
  }
  return out;
}

batch_result<decoded_batch> read_records(byte_span batch, size_t max_uncompressed_bytes) {
  // One copy of the whole batch gives the records an owner; compressed batches decompress into
  // their own buffer anyway, so only uncompressed ones pay for this.
  return read_records(shared_bytes::copy_of(batch), max_uncompressed_bytes);
}

batch_result<std::vector<uint8_t>> recompress_batch(byte_span batch, compression target,
                                                    const compress_options& options, size_t max_uncompressed_bytes) {
  auto h = check_batch_integrity(batch);
  if (!h) return tl::make_unexpected(std::move(h.error()));
  if (!is_known_compression(target)) {
    return batch_fail(batch_error::unsupported_compression_type, "unknown target compression");
  }
  scratch_buffer scratch;
  auto records = uncompressed_records(batch, *h, scratch.get(), max_uncompressed_bytes);
  if (!records) return tl::make_unexpected(std::move(records.error()));

  std::vector<uint8_t> out;
  out.reserve(batch_header_size + (target == compression::none ? records->size() : records->size() / 2 + 1024));
  out.assign(batch.begin(), batch.begin() + batch_header_size);
  if (auto r = compress_into(target, *records, out, options); !r) {
    return batch_fail(batch_error::corrupt_message, "cannot compress records: " + r.error());
  }
  int16_t attributes = static_cast<int16_t>((h->attributes & ~0x7) | static_cast<int16_t>(target));
  store_be<int16_t>(out.data() + attributes_offset, attributes);
  seal_batch(out.data(), out.size());
  return out;
}

bool set_log_append_time(uint8_t* batch, size_t size, int64_t now_ms) {
  auto h = parse_batch_header(byte_span(batch, size));
  if (!h || h->batch_length < 0 || h->total_size() != size) return false;
  store_be<int16_t>(batch + attributes_offset, static_cast<int16_t>(h->attributes | attr_log_append_time));
  store_be<int64_t>(batch + max_timestamp_offset, now_ms);
  store_be<uint32_t>(batch + crc_offset, compute_batch_crc(byte_span(batch, size)));
  return true;
}

}  // namespace gregor::records
