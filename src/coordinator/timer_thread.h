// timer_thread: the production scheduler — one thread sleeping on a condition variable until the
// earliest deadline in an ordered map (wall-clock milliseconds, like Kafka's group timestamps).
//
// Thread-safety: all methods are thread-safe; tasks run on the timer thread, one at a time.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "coordinator/scheduler.h"

namespace gregor::coordinator {

class timer_thread final : public scheduler {
 public:
  timer_thread();
  ~timer_thread() override;
  timer_thread(const timer_thread&) = delete;
  timer_thread& operator=(const timer_thread&) = delete;

  int64_t now_ms() const override;
  uint64_t schedule(int64_t at_ms, std::function<void()> task) override;
  void cancel(uint64_t id) override;
  // Drops pending tasks and joins the thread.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<int64_t, uint64_t> by_deadline_;
  std::unordered_map<uint64_t, std::pair<std::multimap<int64_t, uint64_t>::iterator, std::function<void()>>> tasks_;
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gregor::coordinator
