// gregor::admin_future<T>: the answer of an admin operation (or of one item of it) that arrives
// later, like kafka-python's future: get() waits and returns the value, or throws the error.
//
// Unlike std::shared_future, get() returns a copy, so code that uses the future as a temporary
// is safe:
//   for (const auto& t : admin.list_topics().get()) ...        // the vector outlives the future
//   const auto& groups = admin.list_consumer_groups().get();    // bound to a copy, not a dangling ref
// Copies share one result; every member may be called from any thread.
#pragma once

#include <chrono>
#include <future>
#include <utility>

namespace gregor {

template <class T>
class admin_future {
 public:
  admin_future() = default;
  admin_future(std::shared_future<T> future) : future_(std::move(future)) {}  // NOLINT: implicit on purpose

  // Waits, then returns a copy of the value (nothing for admin_future<void>) or throws the
  // operation's error.
  T get() const { return future_.get(); }
  void wait() const { future_.wait(); }
  template <class Rep, class Period>
  std::future_status wait_for(const std::chrono::duration<Rep, Period>& timeout) const {
    return future_.wait_for(timeout);
  }
  bool ready() const { return future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }
  bool valid() const { return future_.valid(); }
  // The underlying std::shared_future, e.g. to wait on many with standard tools.
  const std::shared_future<T>& shared() const { return future_; }

 private:
  std::shared_future<T> future_;
};

}  // namespace gregor
