#include "client/producer/delivery_state.h"

namespace gregor::client {

void delivery_state::set_success(int64_t base_offset, int64_t log_append_time) {
  base_offset_ = base_offset;
  log_append_time_ = log_append_time;
}

void delivery_state::set_failure(error_code code, const std::string& message, bool timeout) {
  // Kept with its dynamic type so callbacks may dynamic_cast and get() rethrows the same kind.
  if (timeout)
    error_ = std::make_shared<kafka_timeout_error>(message);
  else
    error_ = std::make_shared<kafka_error>(code, message);
}

void delivery_state::publish() {
  std::vector<std::function<void()>> continuations;
  bool wake;
  {
    std::lock_guard lock(mutex_);
    done_.store(true, std::memory_order_release);
    continuations.swap(continuations_);
    wake = waiters_ > 0;
  }
  if (wake) cv_.notify_all();
  for (auto& f : continuations) f();
}

record_metadata delivery_state::metadata_for(const record_facts& r) const {
  record_metadata md;
  md.topic = topic_;
  md.partition = partition_;
  md.offset = base_offset_ >= 0 ? base_offset_ + r.index : -1;
  md.timestamp = log_append_time_ >= 0 ? log_append_time_ : r.timestamp;
  md.serialized_key_size = r.key_size;
  md.serialized_value_size = r.value_size;
  md.serialized_header_size = r.header_size;
  return md;
}

void delivery_state::rethrow() const {
  if (auto t = dynamic_cast<const kafka_timeout_error*>(error_.get())) throw *t;
  throw *error_;
}

bool delivery_state::wait_until(std::chrono::steady_clock::time_point deadline) const {
  if (done()) return true;
  std::unique_lock lock(mutex_);
  ++waiters_;
  bool ok = cv_.wait_until(lock, deadline, [&] { return done(); });
  --waiters_;
  return ok;
}

void delivery_state::wait() const {
  if (done()) return;
  std::unique_lock lock(mutex_);
  ++waiters_;
  cv_.wait(lock, [&] { return done(); });
  --waiters_;
}

bool delivery_state::on_done(std::function<void()>& f) {
  std::lock_guard lock(mutex_);
  if (done()) return false;
  continuations_.push_back(std::move(f));
  return true;
}

send_future delivery_state::make_future(std::shared_ptr<delivery_state> state, const record_facts& r) {
  send_future f;
  f.state_ = std::move(state);
  f.index_ = r.index;
  f.key_size_ = r.key_size;
  f.value_size_ = r.value_size;
  f.header_size_ = r.header_size;
  f.timestamp_ = r.timestamp;
  return f;
}

}  // namespace gregor::client
