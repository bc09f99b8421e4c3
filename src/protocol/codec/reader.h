// reader: bounds-checked big-endian decoding over a shared byte buffer.
//
// Errors are sticky: the first out-of-bounds or malformed read marks the reader failed, and every
// later read returns a zero value. Callers check ok() once at the end, so the generic decoder needs
// no exceptions and garbage input can never read past the frame.
#pragma once

#include <cstdint>
#include <string>

#include "base/byte_order.h"
#include "base/shared_bytes.h"
#include "base/varint.h"

namespace gregor::protocol {

class reader {
 public:
  explicit reader(shared_bytes source) : source_(std::move(source)), end_(source_.size()) {}

  bool ok() const { return ok_; }
  void fail() { ok_ = false; pos_ = end_; }
  size_t remaining() const { return end_ - pos_; }
  size_t position() const { return pos_; }

  template <class T>
  T fixed() {
    if (!need(sizeof(T))) return T{};
    T v = load_be<T>(source_.data() + pos_);
    pos_ += sizeof(T);
    return v;
  }
  int8_t i8() { return fixed<int8_t>(); }
  int16_t i16() { return fixed<int16_t>(); }
  int32_t i32() { return fixed<int32_t>(); }
  int64_t i64() { return fixed<int64_t>(); }
  uint16_t u16() { return fixed<uint16_t>(); }
  uint32_t u32() { return fixed<uint32_t>(); }

  uint64_t uvarint(size_t max_bytes = max_varint64_bytes) {
    uint64_t v = 0;
    size_t n = get_uvarint(source_.data() + pos_, remaining(), v, max_bytes);
    if (n == 0) { fail(); return 0; }
    pos_ += n;
    return v;
  }
  uint32_t uvarint32() {
    uint64_t v = uvarint(max_varint32_bytes);
    if (v > 0xffffffffull) { fail(); return 0; }
    return static_cast<uint32_t>(v);
  }

  // n bytes as a view that shares the buffer's ownership (no copy).
  shared_bytes take(size_t n) {
    if (!need(n)) return {};
    shared_bytes out = source_.slice(pos_, n);
    pos_ += n;
    return out;
  }
  std::string take_string(size_t n) {
    if (!need(n)) return {};
    std::string out(reinterpret_cast<const char*>(source_.data() + pos_), n);
    pos_ += n;
    return out;
  }
  void skip(size_t n) {
    if (need(n)) pos_ += n;
  }
  // A reader over the next n bytes; this reader moves past them.
  reader sub(size_t n) {
    reader out(take(n));
    if (!ok_) out.fail();
    return out;
  }

 private:
  bool need(size_t n) {
    if (!ok_ || n > remaining()) { fail(); return false; }
    return true;
  }

  shared_bytes source_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool ok_ = true;
};

}  // namespace gregor::protocol
