#include "client/producer/incomplete_batches.h"

namespace gregor::client {

uint64_t incomplete_batches::add() {
  std::lock_guard lock(mutex_);
  uint64_t id = next_++;
  ids_.insert(ids_.end(), id);  // always the largest: constant-time insertion at the end
  return id;
}

void incomplete_batches::remove(uint64_t id) {
  bool wake;
  {
    std::lock_guard lock(mutex_);
    ids_.erase(id);
    wake = waiters_ > 0;
  }
  if (wake) cv_.notify_all();
}

uint64_t incomplete_batches::next_id() const {
  std::lock_guard lock(mutex_);
  return next_;
}

bool incomplete_batches::wait_below(uint64_t below, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  ++waiters_;
  bool ok = cv_.wait_until(lock, deadline, [&] { return ids_.empty() || *ids_.begin() >= below; });
  --waiters_;
  return ok;
}

size_t incomplete_batches::size() const {
  std::lock_guard lock(mutex_);
  return ids_.size();
}

}  // namespace gregor::client
