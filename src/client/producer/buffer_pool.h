// buffer_pool: accounts the memory of records waiting in the producer against buffer_memory.
//
// Every batch reserves its capacity (batch_size, or more for one large record) when it is
// created and gives it back when it is done. A send() that finds the budget spent blocks until
// enough comes back or its deadline (max_block_ms) passes; waiters are served in arrival order so
// a large request is not starved by a stream of small ones. The bytes themselves are allocated by
// the batch; this class only counts them (malloc already reuses freed batch buffers well).
//
// Thread-safety: fully synchronized; allocate() blocks the calling (user) thread only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace gregor::client {

class buffer_pool {
 public:
  explicit buffer_pool(int64_t total_bytes) : total_(total_bytes), available_(total_bytes) {}

  // Reserves `bytes` (<= total). Throws kafka_timeout_error when they are not free by `deadline`.
  void allocate(int64_t bytes, std::chrono::steady_clock::time_point deadline);
  // Reserves without waiting; false when not enough is free (or others are already waiting).
  bool try_allocate(int64_t bytes);
  void release(int64_t bytes);
  // Wakes every waiter; they and later allocate() calls throw illegal_state_error.
  void close();

  int64_t total() const { return total_; }
  int64_t available() const;
  // Threads blocked in allocate() now. The sender sends everything at once while this is > 0.
  int64_t waiters() const;

 private:
  const int64_t total_;
  mutable std::mutex mutex_;
  int64_t available_;
  bool closed_ = false;
  // One condition per waiter, oldest first: release() wakes only the head.
  std::deque<std::condition_variable*> queue_;
};

}  // namespace gregor::client
