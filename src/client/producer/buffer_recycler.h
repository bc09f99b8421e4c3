// buffer_recycler: keeps freed batch buffers of the usual size for the next batches.
//
// Every batch needs a buffer of batch_size bytes. Handing them back to malloc makes large ones
// (bench settings use 1 MB) come back as fresh pages that fault on first touch; recycling them,
// as the Java producer's pool does, keeps them warm. Buffers are not zero-filled: records are
// encoded over whatever they held. At most `max_free` are kept; other sizes are never recycled.
// Memory accounting stays with buffer_pool; this only saves the allocation.
//
// A batch's wire form may outlive the batch (a request being written), so its buffer is released
// from a shared_ptr deleter; the recycler is itself shared so that deleter can outlive the
// producer. Thread-safety: fully synchronized.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace gregor::client {

class buffer_recycler : public std::enable_shared_from_this<buffer_recycler> {
 public:
  static std::shared_ptr<buffer_recycler> create(size_t buffer_size, size_t max_free) {
    return std::shared_ptr<buffer_recycler>(new buffer_recycler(buffer_size, max_free));
  }

  // A buffer of `size` bytes (uninitialized).
  std::unique_ptr<uint8_t[]> take(size_t size);
  // Returns a buffer obtained from take(size).
  void give(std::unique_ptr<uint8_t[]> buffer, size_t size);
  // Shares `buffer` as an immutable payload; the last owner gives it back.
  std::shared_ptr<const uint8_t> share(std::unique_ptr<uint8_t[]> buffer, size_t size);

 private:
  buffer_recycler(size_t buffer_size, size_t max_free) : size_(buffer_size), max_free_(max_free) {}

  const size_t size_;
  const size_t max_free_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<uint8_t[]>> free_;
};

}  // namespace gregor::client
