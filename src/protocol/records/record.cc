#include "protocol/records/record.h"

#include <cstring>

#include "base/varint.h"

namespace gregor::records {
namespace {

// A bounds-checked cursor over one record body. Every read checks what is left first.
struct body_reader {
  const uint8_t* p;
  const uint8_t* end;

  size_t left() const { return static_cast<size_t>(end - p); }

  bool varint(int32_t& v) {
    size_t n = get_varint32(p, left(), v);
    p += n;
    return n != 0;
  }
  bool varlong(int64_t& v) {
    size_t n = get_varint64(p, left(), v);
    p += n;
    return n != 0;
  }
  // A length-prefixed byte string; len -1 means null when nullable.
  bool bytes(std::optional<byte_span>& out, bool nullable) {
    int32_t len;
    if (!varint(len)) return false;
    if (len < 0) {
      if (len != -1 || !nullable) return false;
      out.reset();
      return true;
    }
    if (static_cast<size_t>(len) > left()) return false;
    out = byte_span(p, static_cast<size_t>(len));
    p += len;
    return true;
  }
};

}  // namespace

bool header_cursor::next(header_ref& out) {
  if (left_ <= 0) return false;
  body_reader r{bytes_.data(), bytes_.data() + bytes_.size()};
  std::optional<byte_span> key;
  // decode_record() already checked this region, so these reads succeed; stay defensive anyway.
  if (!r.bytes(key, false) || !r.bytes(out.value, true)) {
    left_ = 0;
    return false;
  }
  out.key = std::string_view(reinterpret_cast<const char*>(key->data()), key->size());
  bytes_ = bytes_.subspan(static_cast<size_t>(r.p - bytes_.data()));
  --left_;
  return true;
}

result<record_view> decode_record(byte_span in) {
  int32_t length;
  size_t prefix = get_varint32(in.data(), in.size(), length);
  if (prefix == 0) return fail("record length varint is truncated or malformed");
  if (length < 0) return fail("negative record length " + std::to_string(length));
  if (static_cast<size_t>(length) > in.size() - prefix) {
    return fail("record length " + std::to_string(length) + " exceeds the " +
                std::to_string(in.size() - prefix) + " bytes left");
  }
  record_view v;
  v.encoded_size = prefix + static_cast<size_t>(length);
  body_reader r{in.data() + prefix, in.data() + v.encoded_size};
  if (r.left() < 1) return fail("record body is empty");
  v.attributes = static_cast<int8_t>(*r.p++);
  if (!r.varlong(v.timestamp_delta)) return fail("bad record timestamp delta");
  if (!r.varint(v.offset_delta)) return fail("bad record offset delta");
  if (!r.bytes(v.key, true)) return fail("bad record key length");
  if (!r.bytes(v.value, true)) return fail("bad record value length");
  if (!r.varint(v.header_count) || v.header_count < 0) return fail("bad record header count");
  const uint8_t* headers_begin = r.p;
  for (int32_t i = 0; i < v.header_count; ++i) {
    std::optional<byte_span> key, value;
    if (!r.bytes(key, false)) return fail("bad header key length");
    if (!r.bytes(value, true)) return fail("bad header value length");
  }
  v.header_bytes = byte_span(headers_begin, static_cast<size_t>(r.p - headers_begin));
  if (r.left() != 0) {
    return fail("record fields end " + std::to_string(r.left()) + " bytes before its declared length");
  }
  return v;
}

namespace {

size_t nullable_size(const std::optional<byte_span>& b) {
  return b ? varint_size(static_cast<int64_t>(b->size())) + b->size() : 1;  // -1 is one byte
}

uint8_t* put_nullable(uint8_t* out, const std::optional<byte_span>& b) {
  if (!b) return out + put_varint(out, -1);
  out += put_varint(out, static_cast<int64_t>(b->size()));
  if (!b->empty()) std::memcpy(out, b->data(), b->size());
  return out + b->size();
}

size_t body_size(const record_fields& r) {
  size_t n = 1 + varint_size(r.timestamp_delta) + varint_size(r.offset_delta) + nullable_size(r.key) +
             nullable_size(r.value) + varint_size(static_cast<int64_t>(r.headers.size()));
  for (const header_ref& h : r.headers) {
    n += varint_size(static_cast<int64_t>(h.key.size())) + h.key.size() + nullable_size(h.value);
  }
  return n;
}

}  // namespace

size_t encoded_record_size(const record_fields& r) {
  size_t body = body_size(r);
  return varint_size(static_cast<int64_t>(body)) + body;
}

namespace {

size_t write_record(uint8_t* out, const record_fields& r, size_t body) {
  uint8_t* p = out;
  p += put_varint(p, static_cast<int64_t>(body));
  *p++ = 0;  // record attributes: unused, always 0
  p += put_varint(p, r.timestamp_delta);
  p += put_varint(p, r.offset_delta);
  p = put_nullable(p, r.key);
  p = put_nullable(p, r.value);
  p += put_varint(p, static_cast<int64_t>(r.headers.size()));
  for (const header_ref& h : r.headers) {
    p = put_nullable(p, bytes_of(h.key));
    p = put_nullable(p, h.value);
  }
  return static_cast<size_t>(p - out);
}

}  // namespace

size_t encode_record(uint8_t* out, const record_fields& r) { return write_record(out, r, body_size(r)); }

void append_record(std::vector<uint8_t>& out, const record_fields& r) {
  size_t body = body_size(r);
  size_t total = varint_size(static_cast<int64_t>(body)) + body;
  size_t at = out.size();
  out.resize(at + total);
  write_record(out.data() + at, r, body);
}

record to_record(const record_view& v, const shared_bytes& owner, int64_t offset, int64_t timestamp) {
  auto slice = [&](const std::optional<byte_span>& b) -> std::optional<shared_bytes> {
    if (!b) return std::nullopt;
    return owner.slice(static_cast<size_t>(b->data() - owner.data()), b->size());
  };
  record out;
  out.offset = offset;
  out.timestamp = timestamp;
  out.key = slice(v.key);
  out.value = slice(v.value);
  out.headers.reserve(static_cast<size_t>(v.header_count));
  header_cursor c = v.headers();
  header_ref h;
  while (c.next(h)) out.headers.push_back({std::string(h.key), slice(h.value)});
  return out;
}

}  // namespace gregor::records
