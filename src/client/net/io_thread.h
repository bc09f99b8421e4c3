// io_thread: the background thread a client object runs its network I/O on.
//
// Producer, consumer and admin client each own one. Work is handed to it with post(); call()
// runs a function there and waits for its result, for API methods that need the I/O thread's
// state. stop() runs the handlers already posted, then ends the thread.
#pragma once

#include <future>
#include <thread>
#include <type_traits>

#include <asio.hpp>

namespace gregor::client {

class io_thread {
 public:
  io_thread() : work_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}
  ~io_thread() { stop(); }
  io_thread(const io_thread&) = delete;
  io_thread& operator=(const io_thread&) = delete;

  asio::io_context& io() { return io_; }
  bool on_this_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

  template <class F>
  void post(F&& f) {
    asio::post(io_, std::forward<F>(f));
  }

  // Runs f on the I/O thread and returns its result; runs it inline when already there.
  template <class F>
  auto call(F&& f) -> std::invoke_result_t<F> {
    using R = std::invoke_result_t<F>;
    if (on_this_thread()) return f();
    std::promise<R> promise;
    auto future = promise.get_future();
    asio::post(io_, [&] {
      if constexpr (std::is_void_v<R>) {
        f();
        promise.set_value();
      } else {
        promise.set_value(f());
      }
    });
    return future.get();
  }

  // Runs what is already posted, then stops; pending timers and reads are dropped (their
  // handlers are destroyed with the io_context). Owners close their connections first.
  void stop() {
    if (!thread_.joinable()) return;
    work_.reset();
    asio::post(io_, [this] { io_.stop(); });
    if (on_this_thread()) {
      thread_.detach();  // stopping from a callback: the thread ends when its handlers finish
      return;
    }
    thread_.join();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace gregor::client
