// writer: big-endian encoding into a growing buffer, with large payloads spliced in by reference.
//
// Record sets can be megabytes. Rather than copying them into the buffer, the writer remembers
// "insert these shared bytes here" (a produced batch, say) or "insert this region of a file here"
// (the broker's Fetch responses, docs/broker.md), and the socket layer sends the pieces in order:
// bytes with gathered writes, file regions with sendfile(2).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/byte_order.h"
#include "base/file_region.h"
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
      splices_.push_back({head_.size(), b, {}});
      spliced_size_ += b.size();
    }
  }
  // Appends a file region, always by reference.
  void file(const file_region& region) {
    splices_.push_back({head_.size(), {}, region});
    spliced_size_ += region.size();
  }
  // Appends everything another writer produced (its splices stay references).
  void append(writer&& other) {
    size_t base = head_.size();
    head_.insert(head_.end(), other.head_.begin(), other.head_.end());
    for (auto& s : other.splices_) splices_.push_back({base + s.at, std::move(s.bytes), std::move(s.file)});
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

  // Calls f(byte_span) for each piece in memory and f(const file_region&) for each file region,
  // in order; the pieces concatenated are the encoded bytes. A writer without file regions
  // (anything but a Fetch response) may be given an f that takes byte_span only.
  template <class F>
  void for_each_piece(F&& f) const {
    size_t from = 0;
    for (const auto& s : splices_) {
      if (s.at > from) f(byte_span(head_.data() + from, s.at - from));
      if (s.file) {
        if constexpr (std::is_invocable_v<F&, const file_region&>) {
          f(s.file);
        } else {
          throw std::logic_error("writer: a file region where only bytes can be sent");
        }
      } else {
        f(s.bytes.span());
      }
      from = s.at;
    }
    if (head_.size() > from) f(byte_span(head_.data() + from, head_.size() - from));
  }
  bool has_file_regions() const {
    for (const auto& s : splices_)
      if (s.file) return true;
    return false;
  }
  // The encoded bytes in one buffer (file regions read with pread).
  std::vector<uint8_t> flatten() const {
    std::vector<uint8_t> out;
    out.reserve(size());
    auto add = [&](byte_span p) { out.insert(out.end(), p.begin(), p.end()); };
    for_each_piece([&]<class Piece>(const Piece& p) {
      if constexpr (std::is_same_v<Piece, file_region>) {
        auto bytes = p.read();
        if (bytes.size() != p.size()) throw std::runtime_error("writer: a file region was cut short");
        add(bytes);
      } else {
        add(p);
      }
    });
    return out;
  }
  // Keeps the spliced buffers alive for as long as the pieces are in flight.
  const std::vector<uint8_t>& head() const { return head_; }

 private:
  struct splice {
    size_t at;
    shared_bytes bytes;  // or, when set, file
    file_region file;
  };
  std::vector<uint8_t> head_;
  std::vector<splice> splices_;
  size_t spliced_size_ = 0;
};

}  // namespace gregor::protocol
