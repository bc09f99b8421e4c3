// callback_waiter: lets a handler coroutine wait for work that finishes on another thread and
// reports through a callback (the group coordinator, the admin thread).
#pragma once

#include <asio.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "net/async_signal.h"

namespace gregor::broker {

// Lets a coroutine wait for an operation that reports through a callback, called on any thread:
//
//   auto waiter = callback_waiter<join_result>::create(co_await asio::this_coro::executor);
//   coordinator.join_group(..., waiter->callback());
//   join_result r = co_await waiter->wait();
//
// The coroutine resumes on its own executor. The coordinator answers every callback (at the
// latest when it shuts down), so the wait has no deadline of its own. (No lambdas are passed into
// the coroutine: g++ 12 mishandles coroutine parameters with non-trivial captures.)
template <class T>
class callback_waiter : public std::enable_shared_from_this<callback_waiter<T>> {
 public:
  static std::shared_ptr<callback_waiter> create(asio::any_io_executor executor) {
    return std::shared_ptr<callback_waiter>(new callback_waiter(std::move(executor)));
  }
  std::function<void(T)> callback() {
    return [self = this->shared_from_this()](T value) {
      self->value_ = std::move(value);
      self->signal_->fire();  // release: the waiter sees the value once it sees the flag
    };
  }
  asio::awaitable<T> wait() {
    auto signal = signal_;
    for (;;) {
      bool fired = co_await signal->wait_until(std::chrono::steady_clock::now() + std::chrono::hours(24));
      if (fired) break;
    }
    T out = std::move(*value_);
    co_return out;
  }

 private:
  explicit callback_waiter(asio::any_io_executor executor)
      : signal_(std::make_shared<net::async_signal>(std::move(executor))) {}
  std::optional<T> value_;
  std::shared_ptr<net::async_signal> signal_;
};

}  // namespace gregor::broker
