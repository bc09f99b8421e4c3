// writer: big-endian encoding into a growing buffer, with large payloads spliced in by reference.
//
// Record sets in Fetch responses can be megabytes read from segment files. Rather than copying
// them into the response buffer, the writer remembers "insert these shared bytes here" and the
// socket layer sends the pieces with one gathered write.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/byte_order.h"
#include "base/shared_bytes.h"
#include "base/varint.h"

namespace gregor::protocol {

class writer {
 public:
  // Payloads at least this large are referenced instead of copied.
  static constexpr size_t splice_threshold = 4096;

  template <class T>
  void fixed(T v) {
    size_t at = head_.size();
    head_.resize(at + sizeof(T));
    store_be<T>(head_.data() + at, v);
  }
  void i8(int8_t v) { fixed(v); }
  void i16(int16_t v) { fixed(v); }
  void i32(int32_t v) { fixed(v); }
  void i64(int64_t v) { fixed(v); }
  void u16(uint16_t v) { fixed(v); }
  void u32(uint32_t v) { fixed(v); }

  void uvarint(uint64_t v) {
    uint8_t tmp[max_varint64_bytes];
    raw(byte_span(tmp, put_uvarint(tmp, v)));
  }
  void raw(byte_span bytes) { head_.insert(head_.end(), bytes.begin(), bytes.end()); }
  void raw(std::string_view s) { raw(byte_span(reinterpret_cast<const uint8_t*>(s.data()), s.size())); }

  // Appends shared bytes, by reference when large.
  void bytes(const shared_bytes& b) {
    if (b.size() < splice_threshold) {
      raw(b.span());
    } else {
      splices_.push_back({head_.size(), b});
      spliced_size_ += b.size();
    }
  }
  // Appends everything another writer produced (its splices stay references).
  void append(writer&& other) {
    size_t base = head_.size();
    head_.insert(head_.end(), other.head_.begin(), other.head_.end());
    for (auto& s : other.splices_) splices_.push_back({base + s.at, std::move(s.bytes)});
    spliced_size_ += other.spliced_size_;
  }

  // Reserves an int32 to patch later (frame sizes); returns its position in the head buffer.
  size_t reserve_i32() {
    size_t at = head_.size();
    head_.resize(at + 4);
    return at;
  }
  void patch_i32(size_t at, int32_t v) { store_be<int32_t>(head_.data() + at, v); }

  size_t size() const { return head_.size() + spliced_size_; }

  // Calls f(byte_span) for each piece in order; the pieces concatenated are the encoded bytes.
  template <class F>
  void for_each_piece(F&& f) const {
    size_t from = 0;
    for (const auto& s : splices_) {
      if (s.at > from) f(byte_span(head_.data() + from, s.at - from));
      f(s.bytes.span());
      from = s.at;
    }
    if (head_.size() > from) f(byte_span(head_.data() + from, head_.size() - from));
  }
  std::vector<uint8_t> flatten() const {
    std::vector<uint8_t> out;
    out.reserve(size());
    for_each_piece([&](byte_span p) { out.insert(out.end(), p.begin(), p.end()); });
    return out;
  }
  // Keeps the spliced buffers alive for as long as the pieces are in flight.
  const std::vector<uint8_t>& head() const { return head_; }

 private:
  struct splice {
    size_t at;
    shared_bytes bytes;
  };
  std::vector<uint8_t> head_;
  std::vector<splice> splices_;
  size_t spliced_size_ = 0;
};

}  // namespace gregor::protocol
