// incomplete_batches: which batches are not done yet, for flush().
//
// Batch ids grow with creation order (they are handed out under the partition lock, so within a
// partition they are also queue order, which retries rely on). flush() notes the next id to be
// handed out and waits until no batch below it is left: records sent before flush() are then
// acknowledged or failed, while records other threads keep sending do not hold it up.
//
// Thread-safety: fully synchronized.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>

namespace gregor::client {

class incomplete_batches {
 public:
  // A new id, registered as incomplete.
  uint64_t add();
  void remove(uint64_t id);
  // The id the next add() will return.
  uint64_t next_id() const;
  // Waits until every batch with id < `below` is done; false when the deadline passes first.
  bool wait_below(uint64_t below, std::chrono::steady_clock::time_point deadline);
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::set<uint64_t> ids_;
  uint64_t next_ = 1;
  int waiters_ = 0;
};

}  // namespace gregor::client
