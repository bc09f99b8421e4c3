#include "client/consumer/rebalance_driver.h"

#include <algorithm>
#include <future>

namespace gregor::client {

namespace {

using tp_list = std::vector<gregor::topic_partition>;

// a - b, both sorted.
tp_list minus(const tp_list& a, const tp_list& b) {
  tp_list out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

tp_list sorted(tp_list v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

void rebalance_driver::invoke(const std::function<void(const tp_list&)>& callback, const tp_list& partitions) {
  if (!callback) return;
  try {
    callback(partitions);
  } catch (...) {
    // Kept until the rebalance step is complete, then rethrown from poll() (as Java does).
    if (!listener_error_) listener_error_ = std::current_exception();
  }
}

void rebalance_driver::invoke_revoked(const tp_list& partitions) { invoke(listener_.on_partitions_revoked, partitions); }

void rebalance_driver::invoke_lost(const tp_list& partitions) {
  invoke(listener_.on_partitions_lost ? listener_.on_partitions_lost : listener_.on_partitions_revoked, partitions);
}

void rebalance_driver::commit_before_revoke(const tp_list& partitions) {
  if (!options_.auto_commit || partitions.empty()) return;
  auto all = state_.consumed_offsets();
  offset_committer::offsets_map offsets;
  for (const auto& tp : partitions) {
    if (auto it = all.find(tp); it != all.end()) offsets.insert(*it);
  }
  // Best effort: a rebalance that already moved on makes this fail, which is expected.
  committer_.commit_quietly(offsets, std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.commit_timeout_ms));
}

void rebalance_driver::poll() {
  auto status = membership_.current();
  if (status.fatal) throw kafka_error(status.fatal->code, status.fatal->message);
  if (!state_.group_managed()) return;
  if (status.completed) {
    if (auto joined = membership_.take_completed()) apply(std::move(*joined));
    status = membership_.current();
  }
  if (status.partitions_lost) {
    lose_partitions();
    membership_.clear_lost();
  }
  if (status.current != group_membership::state::joining && !status.completed &&
      (status.rejoin_needed || status.current == group_membership::state::unjoined)) {
    prepare_join();
  }
  if (listener_error_) {
    auto e = listener_error_;
    listener_error_ = nullptr;
    std::rethrow_exception(e);
  }
}

void rebalance_driver::prepare_join() {
  tp_list owned = sorted(state_.assigned());
  join_subscription subscription;
  auto topics = state_.subscribed_topics();
  subscription.topics.assign(topics.begin(), topics.end());
  subscription.previous = last_assignment_;
  if (options_.protocol == rebalance_protocol::eager) {
    commit_before_revoke(owned);
    if (!owned.empty()) invoke_revoked(owned);
    state_.set_assignment({}, subscription_state::position_source::committed);
    on_assignment_changed_();
  } else {
    subscription.owned = owned;
  }
  // Synchronous, so that the next status() already says "joining".
  io_.call([this, &subscription] { membership_.start_join(std::move(subscription)); });
}

void rebalance_driver::apply(joined_generation joined) {
  tp_list assigned = sorted(joined.assignment);
  tp_list owned = sorted(state_.assigned());
  metrics_.record_rebalance(std::chrono::duration<double, std::milli>(joined.took).count());
  if (options_.protocol == rebalance_protocol::cooperative) {
    tp_list revoked = minus(owned, assigned);
    tp_list added = minus(assigned, owned);
    if (!revoked.empty()) {
      commit_before_revoke(revoked);
      invoke_revoked(revoked);
    }
    state_.set_assignment(assigned, subscription_state::position_source::committed);
    invoke(listener_.on_partitions_assigned, added);
    // KIP-429: partitions given up this round are assigned to their new owner in the next one.
    if (!revoked.empty()) {
      auto* membership = &membership_;
      io_.post([membership] { membership->request_rejoin("partitions were revoked for reassignment"); });
    }
  } else {
    state_.set_assignment(assigned, subscription_state::position_source::committed);
    invoke(listener_.on_partitions_assigned, assigned);
  }
  last_assignment_ = assigned;
  on_assignment_changed_();
}

void rebalance_driver::lose_partitions() {
  tp_list owned = sorted(state_.assigned());
  state_.set_assignment({}, subscription_state::position_source::committed);
  on_assignment_changed_();
  if (!owned.empty()) invoke_lost(owned);
}

void rebalance_driver::subscription_changed() {
  auto* membership = &membership_;
  io_.post([membership] { membership->request_rejoin("the subscription changed"); });
}

void rebalance_driver::leave_group(const std::string& reason, std::chrono::milliseconds timeout) {
  if (state_.group_managed()) {
    tp_list owned = sorted(state_.assigned());
    auto status = membership_.current();
    if (!owned.empty()) {
      if (status.partitions_lost || membership_.generation().generation_id < 0) invoke_lost(owned);
      else invoke_revoked(owned);
    }
    listener_error_ = nullptr;
  }
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  auto* membership = &membership_;
  io_.post([membership, reason, done] { membership->leave(reason, [done] { done->set_value(); }); });
  future.wait_for(timeout);
  last_assignment_.clear();
}

}  // namespace gregor::client
