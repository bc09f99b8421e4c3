// shared_bytes: an immutable view of bytes that keeps its backing storage alive.
//
// Request frames, record batches read from segments and response payloads are passed around as
// shared_bytes so a record set can travel from a socket buffer to a segment file (or from a file
// read to a socket write) without being copied. Copying a shared_bytes copies a shared_ptr only.
// Thread-safety: immutable after construction; safe to share across threads.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace gregor {

using byte_span = std::span<const uint8_t>;

class shared_bytes {
 public:
  shared_bytes() = default;

  // Takes ownership of a vector without copying it.
  static shared_bytes adopt(std::vector<uint8_t>&& bytes) {
    auto owner = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
    shared_bytes out;
    out.data_ = owner->data();
    out.size_ = owner->size();
    out.owner_ = std::move(owner);
    return out;
  }
  static shared_bytes copy_of(byte_span bytes) {
    return adopt(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  }
  static shared_bytes copy_of(std::string_view text) {
    return copy_of(byte_span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  // A view into memory owned by `owner` (any shared object: a vector, a mapping, ...).
  static shared_bytes view(std::shared_ptr<const void> owner, const uint8_t* data, size_t size) {
    shared_bytes out;
    out.owner_ = std::move(owner);
    out.data_ = data;
    out.size_ = size;
    return out;
  }

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  byte_span span() const { return {data_, size_}; }
  std::string_view as_string_view() const { return {reinterpret_cast<const char*>(data_), size_}; }
  uint8_t operator[](size_t i) const { return data_[i]; }

  // A sub-view sharing the same owner. The caller guarantees offset + length <= size().
  shared_bytes slice(size_t offset, size_t length) const {
    shared_bytes out;
    out.owner_ = owner_;
    out.data_ = data_ + offset;
    out.size_ = length;
    return out;
  }

  friend bool operator==(const shared_bytes& a, const shared_bytes& b) {
    return a.size_ == b.size_ && (a.size_ == 0 || std::memcmp(a.data_, b.data_, a.size_) == 0);
  }

 private:
  std::shared_ptr<const void> owner_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace gregor
