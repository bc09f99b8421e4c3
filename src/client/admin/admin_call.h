// admin_call: one admin operation in flight — a promise per item, a deadline and retry rounds.
//
// An operation names its items (topics, partitions, groups, config resources) and a round
// function. Each round sends requests for the items still pending and settles each item from the
// answers: succeed(), fail() (final), or retry() (a retriable error: try again next round). When
// the round reports finished, items it did not settle fail (the broker left them out); if some
// are marked for retry, the next round starts after retry_backoff_ms. At the deadline every item
// still pending fails with kafka_timeout_error naming its last error, or with no_brokers_available
// if no broker has answered at all — whatever requests are still in flight, so no future hangs.
//
// Thread: created on any thread (futures are taken there); everything else on the I/O thread.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <asio.hpp>

#include "client/admin/admin_context.h"
#include "client/admin/admin_errors.h"
#include "gregor/admin_results.h"
#include "gregor/errors.h"

namespace gregor::client::admin {

// Calls `then` once the returned function has been called `count` times (at once when 0).
inline std::function<void()> fan_in(size_t count, std::function<void()> then) {
  if (count == 0) {
    then();
    return [] {};
  }
  auto left = std::make_shared<size_t>(count);
  return [left, then = std::move(then)] {
    if (*left > 0 && --*left == 0) then();
  };
}

template <class Key, class T>
class admin_call final : public call_base, public std::enable_shared_from_this<admin_call<Key, T>> {
 public:
  using round_fn = std::function<void(std::function<void()> finished)>;

  static std::shared_ptr<admin_call> create(admin_context& ctx, std::string what, const std::vector<Key>& keys,
                                            clock::time_point deadline) {
    return std::shared_ptr<admin_call>(new admin_call(ctx, std::move(what), keys, deadline));
  }

  admin_results<Key, T> results() const {
    std::map<Key, admin_future<T>> items;
    for (const auto& [key, f] : futures_) items.emplace(key, f);
    return admin_results<Key, T>(std::move(items));
  }

  admin_context& context() { return ctx_; }
  bool is_pending(const Key& key) const { return pending_.count(key) > 0; }
  const std::set<Key>& pending() const { return pending_; }
  bool done() const { return pending_.empty(); }
  // Milliseconds left, for the broker-side timeout_ms some requests carry (at least 1).
  int32_t remaining_ms() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - clock::now()).count();
    return static_cast<int32_t>(std::clamp<int64_t>(left, 1, INT32_MAX));
  }

  template <class... V>
  void succeed(const Key& key, V&&... value) {
    if (!pending_.erase(key)) return;
    promises_.at(key).set_value(std::forward<V>(value)...);
    maybe_finish();
  }
  void fail(const Key& key, const client_error& e) { fail(key, to_exception(e)); }
  void fail(const Key& key, std::exception_ptr e) {
    if (!pending_.erase(key)) return;
    promises_.at(key).set_exception(std::move(e));
    maybe_finish();
  }
  void fail_all(const client_error& e) {
    auto keys = pending_;
    for (const auto& k : keys) fail(k, e);
  }
  // Keeps the item for the next round; the error is reported if the deadline passes first.
  void retry(const Key& key, client_error e) {
    if (!is_pending(key)) return;
    retrying_.insert(key);
    last_errors_[key] = std::move(e);
  }
  void retry_all(const client_error& e) {
    for (const auto& k : pending_) retry(k, e);
  }
  // Transport and lookup failures: retry what Kafka calls retriable, fail the rest.
  void retry_or_fail(const Key& key, const client_error& e) { e.retriable() ? retry(key, e) : fail(key, e); }
  void retry_or_fail_all(const client_error& e) { e.retriable() ? retry_all(e) : fail_all(e); }

  void abort(const client_error& reason) override { fail_all(reason); }

  // Starts the first round (on the I/O thread).
  void start(round_fn round) {
    round_fn_ = std::move(round);
    ctx_.track(this->weak_from_this());
    if (done()) return;
    deadline_timer_.expires_at(deadline_);
    deadline_timer_.async_wait([self = this->shared_from_this()](const asio::error_code& ec) {
      if (!ec) self->expire();
    });
    run_round();
  }

 private:
  admin_call(admin_context& ctx, std::string what, const std::vector<Key>& keys, clock::time_point deadline)
      : ctx_(ctx), what_(std::move(what)), deadline_(deadline), deadline_timer_(ctx.io()), backoff_timer_(ctx.io()) {
    for (const auto& k : keys) {
      if (promises_.count(k)) continue;
      futures_[k] = promises_[k].get_future().share();
      pending_.insert(k);
    }
  }

  void run_round() {
    if (done()) return;
    if (ctx_.closed()) return fail_all(network_error("admin client closed"));
    if (clock::now() >= deadline_) return expire();
    retrying_.clear();
    uint64_t round = ++round_;
    round_fn_([self = this->shared_from_this(), round] { self->after_round(round); });
  }

  void after_round(uint64_t round) {
    if (round != round_) return;  // finished twice: ignore the second report
    auto unanswered = pending_;
    for (const auto& k : unanswered) {
      if (!retrying_.count(k))
        fail(k, client_error{protocol::error_code::unknown_server_error, "the broker's answer did not mention it"});
    }
    if (done()) return;
    auto backoff = std::chrono::milliseconds(ctx_.settings().retry_backoff_ms);
    if (clock::now() + backoff >= deadline_) return expire();
    backoff_timer_.expires_after(backoff);
    backoff_timer_.async_wait([self = this->shared_from_this()](const asio::error_code& ec) {
      if (!ec) self->run_round();
    });
  }

  void expire() {
    auto keys = pending_;
    auto timeout_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - started_).count();
    for (const auto& k : keys) {
      auto last = last_errors_.find(k);
      std::string cause = last == last_errors_.end() ? std::string() : "; last error: " + last->second.describe();
      if (!ctx_.reached_cluster()) {
        fail(k, std::make_exception_ptr(no_brokers_available(what_ + ": no broker answered within " +
                                                             std::to_string(timeout_ms) + " ms" + cause)));
      } else {
        fail(k, std::make_exception_ptr(
                    kafka_timeout_error(what_ + " timed out after " + std::to_string(timeout_ms) + " ms" + cause)));
      }
    }
  }

  void maybe_finish() {
    if (!done()) return;
    deadline_timer_.cancel();
    backoff_timer_.cancel();
  }

  admin_context& ctx_;
  std::string what_;
  clock::time_point started_ = clock::now();
  clock::time_point deadline_;
  asio::steady_timer deadline_timer_;
  asio::steady_timer backoff_timer_;
  round_fn round_fn_;
  uint64_t round_ = 0;
  std::map<Key, std::promise<T>> promises_;
  std::map<Key, std::shared_future<T>> futures_;
  std::set<Key> pending_;
  std::set<Key> retrying_;
  std::map<Key, client_error> last_errors_;
};

template <class Key, class T>
using call_ptr = std::shared_ptr<admin_call<Key, T>>;

// One round of an operation: settle items on `call`, then run `finished`.
template <class Key, class T>
using round_function = std::function<void(const call_ptr<Key, T>& call, std::function<void()> finished)>;

// Creates a call, starts it on the I/O thread and returns its results.
template <class Key, class T>
admin_results<Key, T> launch(admin_context& ctx, std::string what, const std::vector<Key>& keys,
                             clock::time_point deadline, round_function<Key, T> round) {
  auto call = admin_call<Key, T>::create(ctx, std::move(what), keys, deadline);
  auto results = call->results();
  ctx.post([call, round = std::move(round)]() mutable {
    // The call holds its round function; a weak reference there avoids a cycle.
    std::weak_ptr<admin_call<Key, T>> weak = call;
    call->start([weak, round = std::move(round)](std::function<void()> finished) {
      if (auto c = weak.lock()) round(c, std::move(finished));
    });
  });
  return results;
}

// The same for operations with a single answer.
template <class T>
admin_future<T> launch_single(admin_context& ctx, std::string what, clock::time_point deadline,
                              round_function<int, T> round) {
  return launch<int, T>(ctx, std::move(what), {0}, deadline, std::move(round)).at(0);
}

}  // namespace gregor::client::admin
