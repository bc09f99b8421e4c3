// group_membership: this consumer's membership in its group (Kafka's classic group protocol).
//
// The protocol runs on the I/O thread; the application thread reads status() and takes the
// result of a join, so that rebalance listener callbacks run on its side (see rebalance_driver).
//
//   unjoined --start_join--> joining --SyncGroup ok--> stable --heartbeat error / rejoin--> ...
//
// Joining: JoinGroup (first without a member id: the coordinator answers MEMBER_ID_REQUIRED with
// one and we join again, KIP-394; static members, group_instance_id, skip that, KIP-345), offering
// every configured assignor with the subscription, owned partitions and generation. The leader
// computes the assignment (leader_assignment.h) and sends it in its SyncGroup; every member gets
// its share from SyncGroup. Retriable failures retry after retry_backoff_ms; REBALANCE_IN_PROGRESS
// during SyncGroup and a reset member id or generation restart the join; fatal errors
// (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL, ...) are kept for poll() to raise.
//
// Stable: heartbeats every heartbeat_interval_ms, independent of poll() (KIP-62).
// REBALANCE_IN_PROGRESS asks for a rejoin; ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID reset the
// generation (the partitions are lost); coordinator errors or no successful heartbeat for
// session_timeout_ms make the coordinator be looked up again. If the application has not called
// poll() for max_poll_interval_ms, the member leaves the group (LeaveGroup, except for static
// members) and its partitions count as lost; the next poll() joins again.
//
// Thread-safety: status(), take_completed(), generation(), metadata(), note_poll() and
// watched_topics() may be called from any thread (one internal mutex); everything else on the
// I/O thread only.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <asio.hpp>

#include "client/assignors/assignor.h"
#include "client/consumer/committed_offsets.h"
#include "client/consumer/coordinator_channel.h"
#include "client/net/cluster_client.h"
#include "gregor/consumer.h"
#include "protocol/messages/heartbeat.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/sync_group.h"

namespace gregor::client {

struct membership_options {
  std::string group_id;
  std::optional<std::string> group_instance_id;
  int32_t session_timeout_ms = 10000;
  int32_t rebalance_timeout_ms = 300000;  // max_poll_interval_ms
  int32_t heartbeat_interval_ms = 3000;
  int32_t retry_backoff_ms = 100;
  // In order of preference.
  std::vector<std::shared_ptr<const assignor>> assignors;
};

// What this member offers in JoinGroup; built on the application thread.
struct join_subscription {
  std::vector<std::string> topics;
  std::vector<gregor::topic_partition> owned;     // the subscription's OwnedPartitions
  std::vector<gregor::topic_partition> previous;  // the last assignment (sticky assignors' user data)
};

// A finished join, for the application thread to apply.
struct joined_generation {
  int32_t generation_id = -1;
  std::string member_id;
  std::string protocol;  // the assignor the group uses
  bool leader = false;
  std::vector<gregor::topic_partition> assignment;
  std::chrono::steady_clock::duration took{};
};

class group_membership {
 public:
  enum class state { unjoined, joining, stable };

  struct status {
    state current = state::unjoined;
    bool rejoin_needed = true;
    bool partitions_lost = false;  // the generation was reset: what we own is no longer ours
    bool completed = false;        // take_completed() has a result
    std::optional<client_error> fatal;
    std::string rejoin_reason;
  };

  group_membership(cluster_client& cluster, coordinator_channel& channel, membership_options options,
                   std::function<void()> notify);

  // ---- any thread ----
  status current() const;
  std::optional<joined_generation> take_completed();
  // Acknowledges partitions_lost once the application handled it.
  void clear_lost();
  commit_generation generation() const;
  consumer_group_metadata metadata() const;
  void note_poll();
  // Topics the leader assigned from (it watches their partition counts).
  std::vector<std::string> watched_topics() const;

  // ---- I/O thread ----
  void start_join(join_subscription subscription);
  void request_rejoin(const std::string& reason);
  // A commit or heartbeat of `generation_id` learned that the generation (and, with
  // forget_member_id, the member id) is no longer valid.
  void reset_generation(int32_t generation_id, const std::string& reason, bool forget_member_id);
  // LeaveGroup (dynamic members only), then done(); the member is unjoined afterwards.
  void leave(const std::string& reason, std::function<void()> done);
  // The leader rebalances when partition counts of the subscribed topics changed.
  void on_metadata(const cluster_metadata& metadata);
  void close();

 private:
  using clock = std::chrono::steady_clock;

  void send_join();
  void on_join(client_result<protocol::join_group_response> r);
  void assign_as_leader(protocol::join_group_response response);
  void send_sync(std::vector<protocol::sync_group_request::member_assignment> assignments);
  void on_sync(client_result<protocol::sync_group_response> r);
  bool rejoin_after(protocol::error_code code, std::string_view api);
  void retry_join_later();
  void fail(client_error e);
  const assignor* find_assignor(const std::string& name) const;

  void schedule_heartbeat();
  void heartbeat();
  void on_heartbeat(int32_t generation_id, client_result<protocol::heartbeat_response> r);
  bool poll_timed_out() const;

  cluster_client& cluster_;
  coordinator_channel& channel_;
  membership_options options_;
  std::function<void()> notify_;

  // Guarded by mutex_ (read by the application thread).
  mutable std::mutex mutex_;
  state state_ = state::unjoined;
  bool rejoin_needed_ = true;
  bool partitions_lost_ = false;
  std::string rejoin_reason_;
  std::optional<client_error> fatal_;
  int32_t generation_id_ = -1;
  std::string member_id_;
  std::string protocol_;
  bool leader_ = false;
  std::optional<joined_generation> completed_;
  std::map<std::string, int32_t> leader_counts_;

  std::atomic<int64_t> last_poll_ms_;

  // I/O thread only.
  join_subscription subscription_;
  clock::time_point join_started_{};
  asio::steady_timer join_timer_;
  asio::steady_timer heartbeat_timer_;
  bool heartbeat_in_flight_ = false;
  clock::time_point last_heartbeat_ok_{};
  uint64_t join_attempt_ = 0;  // ignores answers to superseded joins
  bool closed_ = false;
};

}  // namespace gregor::client
