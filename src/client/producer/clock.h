// clock: the two clocks the producer reads. steady milliseconds for every timer and deadline
// (linger, backoff, expiry); wall-clock milliseconds for record timestamps (CreateTime).
#pragma once

#include <chrono>
#include <cstdint>

namespace gregor::client {

inline int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

inline int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// now + timeout, saturating: milliseconds::max() means "no deadline" and must not overflow.
inline std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds timeout) {
  auto now = std::chrono::steady_clock::now();
  if (timeout.count() < 0) return now;
  auto room = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::time_point::max() - now);
  // Leave headroom: some wait implementations add to the deadline internally.
  if (timeout >= room / 2) return now + room / 2;
  return now + timeout;
}

// The deadline of one send(): max_block_ms from the first moment it is needed. Most sends never
// wait, so they never read the clock for it.
class lazy_deadline {
 public:
  explicit lazy_deadline(std::chrono::milliseconds budget) : budget_(budget) {}
  std::chrono::steady_clock::time_point get() {
    if (!set_) {
      at_ = deadline_after(budget_);
      set_ = true;
    }
    return at_;
  }

 private:
  std::chrono::milliseconds budget_;
  bool set_ = false;
  std::chrono::steady_clock::time_point at_{};
};

}  // namespace gregor::client
