// send_future: the public handle on one record's delivery, backed by its batch's delivery_state.
#include "client/producer/delivery_state.h"

namespace gregor {

namespace {

void require_valid(const std::shared_ptr<client::delivery_state>& state) {
  if (!state) throw illegal_state_error("send_future is empty (default-constructed)");
}

}  // namespace

bool send_future::done() const { return state_ && state_->done(); }

record_metadata send_future::get() const {
  require_valid(state_);
  state_->wait();
  if (state_->error()) state_->rethrow();
  return state_->metadata_for({index_, key_size_, value_size_, header_size_, timestamp_});
}

record_metadata send_future::get(std::chrono::milliseconds timeout) const {
  if (!wait_for(timeout)) {
    throw kafka_timeout_error("Timeout after waiting for " + std::to_string(timeout.count()) +
                              " ms for the broker to acknowledge the record");
  }
  return get();
}

bool send_future::wait_for(std::chrono::milliseconds timeout) const {
  require_valid(state_);
  if (timeout == std::chrono::milliseconds::max()) {
    state_->wait();
    return true;
  }
  return state_->wait_until(std::chrono::steady_clock::now() + timeout);
}

const kafka_error* send_future::error() const { return done() ? state_->error() : nullptr; }

void send_future::then(delivery_callback callback) const {
  require_valid(state_);
  client::record_facts facts{index_, key_size_, value_size_, header_size_, timestamp_};
  auto state = state_;
  std::function<void()> run = [state, facts, callback = std::move(callback)] {
    if (state->error())
      return callback(record_metadata{state->topic(), state->partition(), -1, -1, facts.key_size, facts.value_size,
                                      facts.header_size},
                      state->error());
    callback(state->metadata_for(facts), nullptr);
  };
  if (!state_->on_done(run)) run();
}

}  // namespace gregor
