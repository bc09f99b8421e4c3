// wakeup_signal: how the I/O thread (and wakeup()) rouses an application thread waiting in poll().
//
// A sequence number under a mutex: a waiter reads sequence() before checking for work, then
// waits for it to change, so a notify() between the check and the wait is never lost.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace gregor::client {

class wakeup_signal {
 public:
  uint64_t sequence() const {
    std::lock_guard lock(mutex_);
    return sequence_;
  }

  void notify() {
    {
      std::lock_guard lock(mutex_);
      ++sequence_;
    }
    changed_.notify_all();
  }

  // Waits until notify() has been called since `seen` was read, or until `deadline`.
  // True when notified.
  bool wait_until(uint64_t seen, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return sequence_ != seen; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t sequence_ = 0;
};

}  // namespace gregor::client
