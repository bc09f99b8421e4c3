// delivery_state: the outcome of one batch, shared by the batch and every send_future of its
// records.
//
// A record's future holds this state plus the record's index in the batch, so creating a future
// costs a shared_ptr copy and no allocation. The I/O thread publishes the outcome exactly once
// (succeed() or fail()); any thread may wait for it or read it afterwards. Continuations added by
// send_future::then() run on the completing thread, or at once when already done.
//
// Thread-safety: fully synchronized (one mutex, taken once per batch on completion and by waiters).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gregor/producer.h"

namespace gregor::client {

// Per-record facts a future or a callback turns into record_metadata.
struct record_facts {
  int32_t index = 0;
  int32_t key_size = -1;
  int32_t value_size = -1;
  int32_t header_size = -1;
  int64_t timestamp = -1;
};

class delivery_state {
 public:
  delivery_state(std::string topic, int32_t partition) : topic_(std::move(topic)), partition_(partition) {}

  const std::string& topic() const { return topic_; }
  int32_t partition() const { return partition_; }
  bool done() const { return done_.load(std::memory_order_acquire); }

  // Completion happens in two steps so that the batch can run its records' callbacks between
  // them (with the result already readable) and waiters only wake once those have run.
  // Success: base_offset -1 when unknown (acks=0); log_append_time -1 for CreateTime.
  void set_success(int64_t base_offset, int64_t log_append_time);
  // Failure; `timeout` makes get() throw kafka_timeout_error.
  void set_failure(error_code code, const std::string& message, bool timeout);
  // Marks the state done, wakes waiters and runs continuations.
  void publish();

  // Valid once done() (or after set_failure on the completing thread): the failure, or nullptr.
  const kafka_error* error() const { return error_.get(); }
  // Valid once done() without error.
  record_metadata metadata_for(const record_facts& r) const;
  // Throws the failure (kafka_timeout_error or kafka_error). Only when done() and failed.
  [[noreturn]] void rethrow() const;

  // Waits until done or the deadline; true when done.
  bool wait_until(std::chrono::steady_clock::time_point deadline) const;
  void wait() const;
  // Runs `f` when done; false (and `f` not taken) if already done.
  bool on_done(std::function<void()>& f);

  static send_future make_future(std::shared_ptr<delivery_state> state, const record_facts& r);

 private:
  const std::string topic_;
  const int32_t partition_;
  std::atomic<bool> done_{false};
  int64_t base_offset_ = -1;
  int64_t log_append_time_ = -1;
  std::shared_ptr<const kafka_error> error_;
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  mutable int waiters_ = 0;
  std::vector<std::function<void()>> continuations_;
};

}  // namespace gregor::client
