// What the group handlers share: awaiting a coordinator callback from a coroutine, and the
// client address as Kafka reports it.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "broker/broker.h"
#include "broker/request_context.h"
#include "net/async_signal.h"

namespace gregor::broker::handlers {

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

// "/127.0.0.1", the way Kafka prints a member's host.
inline std::string client_host(const request_context& ctx) {
  const std::string& peer = ctx.connection.peer;
  auto colon = peer.rfind(':');
  std::string host = colon == std::string::npos ? peer : peer.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return "/" + host;
}

}  // namespace gregor::broker::handlers
