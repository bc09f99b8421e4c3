#include "coordinator/timer_thread.h"

#include <chrono>

namespace gregor::coordinator {

timer_thread::timer_thread() : thread_([this] { run(); }) {}

timer_thread::~timer_thread() { stop(); }

int64_t timer_thread::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

uint64_t timer_thread::schedule(int64_t at_ms, std::function<void()> task) {
  std::lock_guard lock(mutex_);
  uint64_t id = next_id_++;
  auto it = by_deadline_.emplace(at_ms, id);
  tasks_.emplace(id, std::make_pair(it, std::move(task)));
  if (it == by_deadline_.begin()) wake_.notify_one();
  return id;
}

void timer_thread::cancel(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return;
  by_deadline_.erase(it->second.first);
  tasks_.erase(it);
}

void timer_thread::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    by_deadline_.clear();
    tasks_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void timer_thread::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (by_deadline_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto first = by_deadline_.begin();
    int64_t now = now_ms();
    if (first->first > now) {
      // Wall-clock deadlines; a bounded wait keeps clock jumps from stranding a timer for long.
      auto wait = std::min<int64_t>(first->first - now, 1000);
      wake_.wait_for(lock, std::chrono::milliseconds(wait));
      continue;
    }
    uint64_t id = first->second;
    by_deadline_.erase(first);
    auto node = tasks_.extract(id);
    lock.unlock();
    node.mapped().second();
    lock.lock();
  }
}

}  // namespace gregor::coordinator
