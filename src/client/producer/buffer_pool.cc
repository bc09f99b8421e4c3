#include "client/producer/buffer_pool.h"

#include <algorithm>
#include <string>

#include "gregor/errors.h"

namespace gregor::client {

bool buffer_pool::try_allocate(int64_t bytes) {
  std::lock_guard lock(mutex_);
  if (!queue_.empty() || available_ < bytes) return false;
  available_ -= bytes;
  return true;
}

void buffer_pool::allocate(int64_t bytes, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (closed_) throw illegal_state_error("the producer was closed while send() waited for buffer memory");
  if (queue_.empty() && available_ >= bytes) {
    available_ -= bytes;
    return;
  }
  std::condition_variable mine;
  queue_.push_back(&mine);
  auto started = std::chrono::steady_clock::now();
  // Wait to be first in line with enough memory free.
  bool ok =
      mine.wait_until(lock, deadline, [&] { return closed_ || (queue_.front() == &mine && available_ >= bytes); });
  queue_.erase(std::find(queue_.begin(), queue_.end(), &mine));
  if (closed_) {
    if (!queue_.empty()) queue_.front()->notify_one();
    throw illegal_state_error("the producer was closed while send() waited for buffer memory");
  }
  if (ok) available_ -= bytes;
  // The next waiter may now be satisfiable (we took less than was freed, or we gave up).
  if (!queue_.empty()) queue_.front()->notify_one();
  if (!ok) {
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    throw kafka_timeout_error("Failed to allocate " + std::to_string(bytes) + " bytes of buffer_memory within " +
                              std::to_string(waited.count()) + " ms (max_block_ms): " + std::to_string(available_) +
                              " of " + std::to_string(total_) +
                              " bytes free; records are produced faster than the brokers acknowledge them");
  }
}

void buffer_pool::release(int64_t bytes) {
  if (bytes <= 0) return;
  std::lock_guard lock(mutex_);
  available_ += bytes;
  if (!queue_.empty()) queue_.front()->notify_one();
}

void buffer_pool::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (auto* cv : queue_) cv->notify_one();
}

int64_t buffer_pool::available() const {
  std::lock_guard lock(mutex_);
  return available_;
}

int64_t buffer_pool::waiters() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(queue_.size());
}

}  // namespace gregor::client
