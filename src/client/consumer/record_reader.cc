#include "client/consumer/record_reader.h"

#include <algorithm>

#include "base/varint.h"
#include "protocol/records/control_record.h"

namespace gregor::client {

namespace {

constexpr int32_t min_batch_length = static_cast<int32_t>(records::batch_header_size - records::batch_log_overhead);

std::string str(int64_t v) { return std::to_string(v); }

}  // namespace

int64_t next_offset_after(const shared_bytes& records, int64_t fetch_offset) {
  int64_t next = fetch_offset;
  byte_span rest = records.span();
  while (rest.size() >= records::batch_header_size) {
    auto h = records::parse_batch_header(rest);
    if (!h || h->batch_length < min_batch_length || h->total_size() > rest.size()) break;
    next = std::max(next, h->last_offset() + 1);
    rest = rest.subspan(h->total_size());
  }
  return next;
}

record_reader::record_reader(completed_fetch fetch, int64_t position, record_reader_options options)
    : fetch_(std::move(fetch)), options_(options), remaining_(fetch_.records.span()), next_offset_(position) {
  std::sort(fetch_.aborted.begin(), fetch_.aborted.end(),
            [](const aborted_transaction& a, const aborted_transaction& b) { return a.first_offset < b.first_offset; });
}

record_reader::status record_reader::fail(std::string why) {
  failed_ = true;
  error_ = "partition " + fetch_.tp.topic + "-" + str(fetch_.tp.partition) + " at offset " + str(next_offset_) +
           ": " + std::move(why);
  return status::error;
}

record_reader::status record_reader::next(consumer_record& out) {
  if (failed_) return status::error;
  for (;;) {
    if (!in_batch_ && !load_next_batch()) return failed_ ? status::error : status::end;
    if (records_left_ > 0) {
      status s = decode(out);
      if (s == status::end) continue;  // before the position
      return s;
    }
    // Compaction may have removed the batch's last records: the position still moves past it.
    next_offset_ = std::max(next_offset_, header_.last_offset() + 1);
    in_batch_ = false;
  }
}

namespace {

// Bounds-checked reads inside one record body.
struct body_reader {
  const uint8_t* p;
  const uint8_t* end;

  bool varint(int32_t& v) {
    size_t n = get_varint32(p, static_cast<size_t>(end - p), v);
    p += n;
    return n != 0;
  }
  bool varlong(int64_t& v) {
    size_t n = get_varint64(p, static_cast<size_t>(end - p), v);
    p += n;
    return n != 0;
  }
  // A length-prefixed byte string: data is null for length -1 (allowed when nullable).
  bool bytes(const uint8_t*& data, int32_t& length, bool nullable) {
    if (!varint(length)) return false;
    if (length < 0) {
      data = nullptr;
      return length == -1 && nullable;
    }
    if (length > end - p) return false;
    data = p;
    p += length;
    return true;
  }
};

}  // namespace

record_reader::status record_reader::decode(consumer_record& out) {
  int32_t length = 0;
  size_t prefix = get_varint32(records_pos_, static_cast<size_t>(records_end_ - records_pos_), length);
  if (prefix == 0 || length < 1 || length > records_end_ - records_pos_ - static_cast<ptrdiff_t>(prefix)) {
    return fail("corrupt record: bad record length");
  }
  body_reader r{records_pos_ + prefix, records_pos_ + prefix + length};
  records_pos_ = r.end;
  --records_left_;
  ++r.p;  // attributes: unused
  int64_t timestamp_delta = 0;
  int32_t offset_delta = 0;
  if (!r.varlong(timestamp_delta) || !r.varint(offset_delta)) return fail("corrupt record: bad timestamp or offset delta");
  int64_t offset = header_.base_offset + offset_delta;
  if (offset < next_offset_) return status::end;
  const uint8_t* key;
  const uint8_t* value;
  int32_t key_length, value_length, header_count;
  if (!r.bytes(key, key_length, true) || !r.bytes(value, value_length, true) || !r.varint(header_count) ||
      header_count < 0) {
    return fail("corrupt record: bad key, value or header count");
  }
  out.headers.clear();
  out.serialized_header_size = -1;
  if (header_count > 0) {
    if (header_count > r.end - r.p) return fail("corrupt record: bad header count");
    out.headers.reserve(static_cast<size_t>(header_count));
    int32_t size = 0;
    for (int32_t i = 0; i < header_count; ++i) {
      const uint8_t* hk;
      const uint8_t* hv;
      int32_t hk_length, hv_length;
      if (!r.bytes(hk, hk_length, false) || !r.bytes(hv, hv_length, true)) return fail("corrupt record: bad header");
      auto& h = out.headers.emplace_back();
      h.key.assign(reinterpret_cast<const char*>(hk), static_cast<size_t>(hk_length));
      if (hv) h.value.emplace(reinterpret_cast<const char*>(hv), static_cast<size_t>(hv_length));
      size += hk_length + std::max(hv_length, 0);
    }
    out.serialized_header_size = size;
  }
  if (r.p != r.end) return fail("corrupt record: its fields do not fill its length");

  out.topic = fetch_.tp.topic;
  out.partition = fetch_.tp.partition;
  out.offset = offset;
  if (header_.log_append_time()) {
    out.timestamp = header_.max_timestamp;
    out.ts_type = timestamp_type::log_append_time;
  } else {
    out.timestamp = header_.base_timestamp + timestamp_delta;
    out.ts_type = timestamp_type::create_time;
  }
  if (key) out.key.emplace(reinterpret_cast<const char*>(key), static_cast<size_t>(key_length));
  else out.key.reset();
  out.serialized_key_size = key ? key_length : -1;
  if (value) out.value.emplace(reinterpret_cast<const char*>(value), static_cast<size_t>(value_length));
  else out.value.reset();
  out.serialized_value_size = value ? value_length : -1;
  out.checksum.reset();  // v2 batches have one CRC per batch, none per record
  out.leader_epoch = header_.partition_leader_epoch;
  next_offset_ = offset + 1;
  return status::record;
}

bool record_reader::load_next_batch() {
  while (remaining_.size() >= records::batch_header_size) {
    auto h = records::parse_batch_header(remaining_);
    if (h->batch_length < min_batch_length) {
      fail("batch_length " + str(h->batch_length) + " is shorter than a batch header");
      return false;
    }
    if (h->total_size() > remaining_.size()) break;  // partial batch: the next fetch gets it whole
    byte_span batch = remaining_.first(h->total_size());
    remaining_ = remaining_.subspan(h->total_size());
    if (h->last_offset() < next_offset_) continue;
    if (!check_batch(batch, *h)) return false;
    if (options_.read_committed && skip_for_isolation(batch, *h)) {
      next_offset_ = std::max(next_offset_, h->last_offset() + 1);
      continue;
    }
    if (h->is_control()) {
      next_offset_ = std::max(next_offset_, h->last_offset() + 1);
      continue;
    }
    auto records = records_of(batch, *h);
    if (!records) {
      fail(records.error());
      return false;
    }
    header_ = *h;
    records_pos_ = records->data();
    records_end_ = records->data() + records->size();
    records_left_ = h->records_count;
    in_batch_ = true;
    return true;
  }
  remaining_ = {};
  return false;
}

bool record_reader::check_batch(byte_span batch, const records::batch_header& h) {
  if (h.magic != 2) {
    fail("record batch magic " + str(h.magic) + " is not supported (only v2 batches)");
    return false;
  }
  if (h.records_count < 0) {
    fail("negative records_count " + str(h.records_count));
    return false;
  }
  if (!records::is_known_compression(h.codec())) {
    fail("unknown compression id " + str(static_cast<int>(h.codec())));
    return false;
  }
  if (options_.check_crcs) {
    uint32_t crc = records::compute_batch_crc(batch);
    if (crc != h.crc) {
      fail("record batch CRC-32C mismatch (header " + str(h.crc) + ", computed " + str(crc) + ")");
      return false;
    }
  }
  return true;
}

result<byte_span> record_reader::records_of(byte_span batch, const records::batch_header& h) {
  byte_span section = batch.subspan(records::batch_header_size);
  if (h.codec() == records::compression::none) return section;
  plain_.clear();
  if (auto r = records::decompress_into(h.codec(), section, plain_, options_.max_uncompressed_bytes); !r) {
    return gregor::fail("cannot decompress " + std::string(records::compression_name(h.codec())) + " batch: " + r.error());
  }
  return byte_span(plain_);
}

// Kafka's read_committed rule: a producer's transactional batches are dropped from the first
// offset of one of its aborted transactions until the ABORT marker that closes it.
bool record_reader::skip_for_isolation(byte_span batch, const records::batch_header& h) {
  if (!h.has_producer_id()) return false;
  const auto& aborted = fetch_.aborted;
  while (next_aborted_ < aborted.size() && aborted[next_aborted_].first_offset <= h.last_offset()) {
    aborted_producers_.insert(aborted[next_aborted_].producer_id);
    ++next_aborted_;
  }
  if (h.is_control()) {
    // An unreadable marker is skipped like any other control batch.
    if (auto records = records_of(batch, h)) {
      records::record_cursor cursor(*records, h.records_count);
      records::record_view v;
      if (cursor.next(v) && v.key && records::parse_control_key(*v.key) == records::control_type::abort) {
        aborted_producers_.erase(h.producer_id);
      }
    }
    return true;
  }
  return h.is_transactional() && aborted_producers_.count(h.producer_id) > 0;
}

}  // namespace gregor::client
