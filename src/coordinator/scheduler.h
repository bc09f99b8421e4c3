// scheduler: the coordinator's clock and timers, behind an interface so tests drive time by hand.
//
// The coordinator keeps one timer per member (session expiry) and one per rebalancing group; a
// heartbeat only moves the member's deadline, and the timer re-arms itself lazily when it fires
// early. Idle groups therefore cost no CPU: nothing ticks, the timer thread sleeps until the
// nearest deadline.
//
// Thread-safety: implementations must allow schedule()/cancel() from any thread, including from
// inside a running callback. Callbacks run without any scheduler lock held.
#pragma once

#include <cstdint>
#include <functional>

namespace gregor::coordinator {

class scheduler {
 public:
  virtual ~scheduler() = default;
  virtual int64_t now_ms() const = 0;
  // Runs `task` once at or after `at_ms`; returns an id for cancel() (never 0).
  virtual uint64_t schedule(int64_t at_ms, std::function<void()> task) = 0;
  // Forgets a task that has not started; unknown or finished ids are ignored.
  virtual void cancel(uint64_t id) = 0;
};

}  // namespace gregor::coordinator
