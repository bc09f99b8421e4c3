#include "client/consumer/group_membership.h"

#include "client/assignors/consumer_protocol.h"
#include "client/consumer/leader_assignment.h"
#include "protocol/messages/heartbeat.h"
#include "protocol/messages/leave_group.h"
#include "protocol/messages/sync_group.h"

namespace gregor::client {

namespace {

using protocol::error_code;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Join errors after which the same join is simply tried again a little later.
bool retry_join(error_code e) {
  return e == error_code::coordinator_load_in_progress || e == error_code::coordinator_not_available ||
         e == error_code::not_coordinator || e == error_code::rebalance_in_progress ||
         e == error_code::network_exception || e == error_code::request_timed_out || protocol::is_retriable(e);
}

}  // namespace

group_membership::group_membership(cluster_client& cluster, coordinator_channel& channel, membership_options options,
                                   std::function<void()> notify)
    : cluster_(cluster),
      channel_(channel),
      options_(std::move(options)),
      notify_(std::move(notify)),
      last_poll_ms_(steady_ms()),
      join_timer_(cluster.io()),
      heartbeat_timer_(cluster.io()) {}

// ---- any thread ----

group_membership::status group_membership::current() const {
  std::lock_guard lock(mutex_);
  return status{state_, rejoin_needed_, partitions_lost_, completed_.has_value(), fatal_, rejoin_reason_};
}

std::optional<joined_generation> group_membership::take_completed() {
  std::lock_guard lock(mutex_);
  auto out = std::move(completed_);
  completed_.reset();
  return out;
}

void group_membership::clear_lost() {
  std::lock_guard lock(mutex_);
  partitions_lost_ = false;
}

commit_generation group_membership::generation() const {
  std::lock_guard lock(mutex_);
  return {generation_id_, member_id_, options_.group_instance_id};
}

consumer_group_metadata group_membership::metadata() const {
  std::lock_guard lock(mutex_);
  return {options_.group_id, generation_id_, member_id_, options_.group_instance_id};
}

void group_membership::note_poll() { last_poll_ms_.store(steady_ms(), std::memory_order_relaxed); }

std::vector<std::string> group_membership::watched_topics() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  if (!leader_) return out;
  for (const auto& [t, count] : leader_counts_) out.push_back(t);
  return out;
}

// ---- joining ----

void group_membership::start_join(join_subscription subscription) {
  if (closed_) return;
  {
    std::lock_guard lock(mutex_);
    if (state_ == state::joining) return;
    state_ = state::joining;
    rejoin_needed_ = false;
    rejoin_reason_.clear();
  }
  heartbeat_timer_.cancel();
  subscription_ = std::move(subscription);
  join_started_ = clock::now();
  send_join();
}

void group_membership::send_join() {
  if (closed_) return;
  protocol::join_group_request request;
  int32_t generation;
  {
    std::lock_guard lock(mutex_);
    request.member_id = member_id_;
    generation = generation_id_;
  }
  request.group_id = options_.group_id;
  request.session_timeout_ms = options_.session_timeout_ms;
  request.rebalance_timeout_ms = options_.rebalance_timeout_ms;
  request.group_instance_id = options_.group_instance_id;
  request.protocol_type = "consumer";
  const auto& owned = subscription_.owned;
  const auto& previous = subscription_.previous;
  for (const auto& a : options_.assignors) {
    consumer_subscription s;
    s.topics = subscription_.topics;
    s.user_data = a->subscription_user_data(previous, generation);
    s.owned_partitions = group_by_topic(owned);
    s.generation_id = generation;
    request.protocols.push_back({std::string(a->name()), encode_subscription(s)});
  }
  // The coordinator holds JoinGroup until every member rejoined, up to the rebalance timeout.
  send_options options;
  options.extra_timeout_ms = options_.rebalance_timeout_ms;
  uint64_t attempt = ++join_attempt_;
  channel_.send<protocol::join_group_response>(
      std::move(request),
      [this, attempt](client_result<protocol::join_group_response> r) {
        if (closed_ || attempt != join_attempt_) return;
        on_join(std::move(r));
      },
      options);
}

void group_membership::on_join(client_result<protocol::join_group_response> r) {
  if (!r) return retry_join_later();
  auto code = static_cast<error_code>(r->error_code);
  switch (code) {
    case error_code::none: {
      {
        std::lock_guard lock(mutex_);
        member_id_ = r->member_id;
        generation_id_ = r->generation_id;
        protocol_ = r->protocol_name.value_or("");
        leader_ = r->leader == r->member_id;
      }
      if (r->leader == r->member_id) return assign_as_leader(std::move(*r));
      return send_sync({});
    }
    case error_code::member_id_required: {
      // KIP-394: the coordinator hands out the id; join again with it at once.
      std::lock_guard lock(mutex_);
      member_id_ = r->member_id;
    }
      return send_join();
    default:
      if (rejoin_after(code, "JoinGroup")) return;
      if (code != error_code::fenced_instance_id && code != error_code::group_max_size_reached && retry_join(code)) {
        return retry_join_later();
      }
      return fail(error_from(r->error_code, "JoinGroup of group " + options_.group_id));
  }
}

// The answers JoinGroup and SyncGroup share: forget what the coordinator no longer knows and join
// again, or look for the coordinator again. False for any other code.
bool group_membership::rejoin_after(error_code code, std::string_view api) {
  switch (code) {
    case error_code::unknown_member_id: {
      std::lock_guard lock(mutex_);
      member_id_.clear();
      generation_id_ = -1;
      break;
    }
    case error_code::illegal_generation: {
      std::lock_guard lock(mutex_);
      generation_id_ = -1;
      break;
    }
    case error_code::not_coordinator:
    case error_code::coordinator_not_available:
      channel_.mark_unknown(std::string(api) + " answered " + std::string(protocol::error_name(code)));
      retry_join_later();
      return true;
    default:
      return false;
  }
  send_join();
  return true;
}

const assignor* group_membership::find_assignor(const std::string& name) const {
  for (const auto& a : options_.assignors) {
    if (a->name() == name) return a.get();
  }
  return nullptr;
}

void group_membership::assign_as_leader(protocol::join_group_response response) {
  const assignor* strategy = find_assignor(response.protocol_name.value_or(""));
  if (!strategy) {
    return fail({error_code::inconsistent_group_protocol,
                 "the group chose assignor \"" + response.protocol_name.value_or("") + "\", which is not configured"});
  }
  // The leader assigns every member's topics, so it needs their metadata, not just its own.
  auto topics = subscribed_topics(response.members);
  uint64_t attempt = join_attempt_;
  cluster_.refresh_metadata(
      std::vector<std::string>(topics.begin(), topics.end()),
      [this, attempt, strategy, response = std::move(response)](client_result<metadata_snapshot>) {
        if (closed_ || attempt != join_attempt_) return;
        // On failure the last metadata still gives a usable assignment.
        leader_plan plan = plan_assignment(*strategy, response.members, *cluster_.metadata());
        {
          std::lock_guard lock(mutex_);
          leader_counts_ = std::move(plan.partition_counts);
        }
        send_sync(std::move(plan.assignments));
      },
      /*allow_auto_create=*/false);
}

void group_membership::send_sync(std::vector<protocol::sync_group_request::member_assignment> assignments) {
  protocol::sync_group_request request;
  request.group_id = options_.group_id;
  {
    std::lock_guard lock(mutex_);
    request.generation_id = generation_id_;
    request.member_id = member_id_;
    request.protocol_name = protocol_;
  }
  request.group_instance_id = options_.group_instance_id;
  request.protocol_type = "consumer";
  request.assignments = std::move(assignments);
  send_options options;
  options.extra_timeout_ms = options_.rebalance_timeout_ms;  // followers wait for the leader
  uint64_t attempt = ++join_attempt_;
  channel_.send<protocol::sync_group_response>(
      std::move(request),
      [this, attempt](client_result<protocol::sync_group_response> r) {
        if (closed_ || attempt != join_attempt_) return;
        on_sync(std::move(r));
      },
      options);
}

void group_membership::on_sync(client_result<protocol::sync_group_response> r) {
  if (!r) return retry_join_later();
  auto code = static_cast<error_code>(r->error_code);
  switch (code) {
    case error_code::none: {
      auto assignment = decode_assignment(r->assignment);
      if (!assignment) return fail({error_code::inconsistent_group_protocol, "SyncGroup carried an assignment we cannot read"});
      {
        std::lock_guard lock(mutex_);
        state_ = state::stable;
        joined_generation done;
        done.generation_id = generation_id_;
        done.member_id = member_id_;
        done.protocol = protocol_;
        done.leader = leader_;
        done.assignment = flatten(assignment->assigned_partitions);
        done.took = clock::now() - join_started_;
        completed_ = std::move(done);
      }
      last_heartbeat_ok_ = clock::now();
      schedule_heartbeat();
      return notify_();
    }
    case error_code::rebalance_in_progress:
      return send_join();
    default:
      if (rejoin_after(code, "SyncGroup")) return;
      if (code != error_code::fenced_instance_id && retry_join(code)) return retry_join_later();
      return fail(error_from(r->error_code, "SyncGroup of group " + options_.group_id));
  }
}

void group_membership::retry_join_later() {
  if (closed_) return;
  uint64_t attempt = ++join_attempt_;
  join_timer_.expires_after(std::chrono::milliseconds(std::max(options_.retry_backoff_ms, 1)));
  join_timer_.async_wait([this, attempt](const asio::error_code& ec) {
    if (ec || closed_ || attempt != join_attempt_) return;
    send_join();
  });
}

void group_membership::fail(client_error e) {
  {
    std::lock_guard lock(mutex_);
    fatal_ = std::move(e);
    state_ = state::unjoined;
  }
  notify_();
}

void group_membership::request_rejoin(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    if (rejoin_needed_) return;
    rejoin_needed_ = true;
    rejoin_reason_ = reason;
  }
  notify_();
}

void group_membership::reset_generation(int32_t generation_id, const std::string& reason, bool forget_member_id) {
  {
    std::lock_guard lock(mutex_);
    // A stale error (from before a newer join) changes nothing.
    if (state_ != state::stable || generation_id != generation_id_) return;
    generation_id_ = -1;
    if (forget_member_id) member_id_.clear();
    state_ = state::unjoined;
    rejoin_needed_ = true;
    partitions_lost_ = true;
    rejoin_reason_ = reason;
  }
  heartbeat_timer_.cancel();
  notify_();
}

void group_membership::on_metadata(const cluster_metadata& metadata) {
  std::string changed;
  {
    std::lock_guard lock(mutex_);
    if (!leader_ || state_ != state::stable) return;
    std::set<std::string> topics;
    for (const auto& [t, count] : leader_counts_) topics.insert(t);
    auto now = partition_counts(topics, metadata);
    for (const auto& [t, count] : now) {
      // A topic missing from this snapshot may just not have been asked for: only growth counts.
      if (count > leader_counts_[t] && metadata.topic(t)) changed = t;
    }
  }
  if (!changed.empty()) request_rejoin("partitions of " + changed + " changed");
}

// ---- leaving ----

void group_membership::leave(const std::string& reason, std::function<void()> done) {
  std::string member_id;
  bool joined;
  {
    std::lock_guard lock(mutex_);
    member_id = member_id_;
    joined = state_ != state::unjoined || generation_id_ >= 0;
    state_ = state::unjoined;
    generation_id_ = -1;
    member_id_.clear();
    rejoin_needed_ = true;
    leader_ = false;
  }
  ++join_attempt_;
  heartbeat_timer_.cancel();
  join_timer_.cancel();
  // Static members never send LeaveGroup: their session expiry is what ends them (KIP-345).
  if (closed_ || options_.group_instance_id || member_id.empty() || !joined) {
    if (done) done();
    return;
  }
  protocol::leave_group_request request;
  request.group_id = options_.group_id;
  request.member_id = member_id;  // v0-2
  request.members.push_back({member_id, std::nullopt, reason});  // v3+
  channel_.send<protocol::leave_group_response>(
      std::move(request), [done = std::move(done)](client_result<protocol::leave_group_response>) {
        if (done) done();
      });
}

void group_membership::close() {
  closed_ = true;
  join_timer_.cancel();
  heartbeat_timer_.cancel();
}

// ---- heartbeats ----

void group_membership::schedule_heartbeat() {
  if (closed_) return;
  heartbeat_timer_.expires_after(std::chrono::milliseconds(options_.heartbeat_interval_ms));
  heartbeat_timer_.async_wait([this](const asio::error_code& ec) {
    if (ec || closed_) return;
    heartbeat();
  });
}

bool group_membership::poll_timed_out() const {
  return steady_ms() - last_poll_ms_.load(std::memory_order_relaxed) > options_.rebalance_timeout_ms;
}

void group_membership::heartbeat() {
  int32_t generation;
  std::string member_id;
  {
    std::lock_guard lock(mutex_);
    if (state_ != state::stable) return;
    generation = generation_id_;
    member_id = member_id_;
  }
  if (poll_timed_out()) {
    // KIP-62: a member whose application stopped polling gives its partitions back.
    leave("consumer poll timeout has expired (max_poll_interval_ms)", {});
    {
      std::lock_guard lock(mutex_);
      partitions_lost_ = true;
      rejoin_reason_ = "poll() was not called within max_poll_interval_ms";
    }
    notify_();
    return;
  }
  schedule_heartbeat();
  if (heartbeat_in_flight_) return;
  if (clock::now() - last_heartbeat_ok_ > std::chrono::milliseconds(options_.session_timeout_ms)) {
    channel_.mark_unknown("no successful heartbeat within session_timeout_ms");
  }
  protocol::heartbeat_request request;
  request.group_id = options_.group_id;
  request.generation_id = generation;
  request.member_id = member_id;
  request.group_instance_id = options_.group_instance_id;
  heartbeat_in_flight_ = true;
  channel_.send<protocol::heartbeat_response>(std::move(request),
                                              [this, generation](client_result<protocol::heartbeat_response> r) {
                                                if (closed_) return;
                                                heartbeat_in_flight_ = false;
                                                on_heartbeat(generation, std::move(r));
                                              });
}

void group_membership::on_heartbeat(int32_t generation_id, client_result<protocol::heartbeat_response> r) {
  if (!r) return;  // the channel forgot the coordinator; the next heartbeat finds it again
  auto code = static_cast<error_code>(r->error_code);
  switch (code) {
    case error_code::none:
      last_heartbeat_ok_ = clock::now();
      return;
    case error_code::rebalance_in_progress:
      // Still a member: heartbeats keep going until poll() rejoins.
      last_heartbeat_ok_ = clock::now();
      return request_rejoin("the group is rebalancing");
    case error_code::illegal_generation:
      return reset_generation(generation_id, "heartbeat: ILLEGAL_GENERATION", false);
    case error_code::unknown_member_id:
      return reset_generation(generation_id, "heartbeat: UNKNOWN_MEMBER_ID", true);
    case error_code::fenced_instance_id:
      return fail(error_from(r->error_code, "another consumer joined with group_instance_id " +
                                                options_.group_instance_id.value_or("")));
    case error_code::not_coordinator:
    case error_code::coordinator_not_available:
      return channel_.mark_unknown("Heartbeat answered " + std::string(protocol::error_name(code)));
    default:
      return;
  }
}

}  // namespace gregor::client
