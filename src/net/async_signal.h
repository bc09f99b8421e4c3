// async_signal: a one-shot wake-up that a coroutine awaits with a deadline and any thread fires.
//
// Used for Fetch long-polls (woken by appends) and acks=all produces (woken by the flusher).
// The timer belongs to the waiting coroutine's executor; fire() may be called from any thread and
// posts the cancellation there, so the timer itself is only ever touched on its own executor.
// A fire() that lands before the wait starts is remembered by the flag and ends the wait at once.
#pragma once

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <atomic>
#include <chrono>
#include <memory>

namespace gregor::net {

class async_signal : public std::enable_shared_from_this<async_signal> {
 public:
  explicit async_signal(asio::any_io_executor executor) : timer_(executor) {}

  // Waits until fire() or the deadline; true when fired.
  asio::awaitable<bool> wait_until(std::chrono::steady_clock::time_point deadline) {
    if (fired_.load(std::memory_order_acquire)) co_return true;
    timer_.expires_at(deadline);
    if (fired_.load(std::memory_order_acquire)) co_return true;
    co_await timer_.async_wait(asio::experimental::as_tuple(asio::use_awaitable));
    co_return fired_.load(std::memory_order_acquire);
  }

  void fire() {
    if (fired_.exchange(true, std::memory_order_acq_rel)) return;
    asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
  }

  bool fired() const { return fired_.load(std::memory_order_acquire); }

 private:
  asio::steady_timer timer_;
  std::atomic<bool> fired_{false};
};

}  // namespace gregor::net
