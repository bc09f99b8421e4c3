// rebalance_driver: the application-thread half of group membership.
//
// group_membership runs the protocol on the I/O thread; what must happen on the application's
// thread is done here, from poll(), so that rebalance listener callbacks run where the
// application expects them (and may call commit(), seek(), position()):
//
//   before joining   auto commit (synchronous); eager protocol: on_partitions_revoked(everything)
//                    and the assignment is cleared; cooperative: nothing is given up yet
//   after SyncGroup  eager: on_partitions_assigned(assignment); cooperative (KIP-429):
//                    on_partitions_revoked(owned - assigned) after committing them, then
//                    on_partitions_assigned(assigned - owned), then another join if anything was
//                    revoked, so that the leader can hand those partitions to their new owners
//   generation lost  on_partitions_lost(owned) (defaults to revoked), assignment cleared
//   close            on_partitions_revoked (or lost) for everything owned, then LeaveGroup
//
// The rebalance protocol is cooperative when every configured assignor supports it (as Java's
// consumer decides), else eager. Not thread-safe: application thread only.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <vector>

#include "client/assignors/assignor.h"
#include "client/consumer/consumer_metrics.h"
#include "client/consumer/group_membership.h"
#include "client/consumer/offset_committer.h"
#include "client/consumer/subscription_state.h"
#include "client/net/io_thread.h"
#include "gregor/consumer.h"

namespace gregor::client {

struct rebalance_options {
  rebalance_protocol protocol = rebalance_protocol::eager;
  bool auto_commit = false;
  int32_t commit_timeout_ms = 60000;
};

class rebalance_driver {
 public:
  rebalance_driver(io_thread& io, group_membership& membership, subscription_state& state,
                   offset_committer& committer, consumer_metrics& metrics, rebalance_options options,
                   std::function<void()> on_assignment_changed)
      : io_(io), membership_(membership), state_(state), committer_(committer), metrics_(metrics),
        options_(options), on_assignment_changed_(std::move(on_assignment_changed)) {}

  void set_listener(rebalance_listener listener) { listener_ = std::move(listener); }

  // Drives the group from poll(): applies a finished join, hands back lost partitions, starts a
  // join when one is needed. Throws kafka_error for a fatal group error; rethrows what a listener
  // callback threw (after the assignment was updated).
  void poll();
  // The subscription changed: rejoin to get an assignment for it.
  void subscription_changed();
  // close() / unsubscribe(): revokes (or loses) everything owned, then leaves the group (waiting up
  // to `timeout` for LeaveGroup). Listener exceptions are swallowed.
  void leave_group(const std::string& reason, std::chrono::milliseconds timeout);

 private:
  void prepare_join();
  void apply(joined_generation joined);
  void lose_partitions();
  void invoke(const std::function<void(const std::vector<gregor::topic_partition>&)>& callback,
              const std::vector<gregor::topic_partition>& partitions);
  void invoke_revoked(const std::vector<gregor::topic_partition>& partitions);
  void invoke_lost(const std::vector<gregor::topic_partition>& partitions);
  void commit_before_revoke(const std::vector<gregor::topic_partition>& partitions);

  io_thread& io_;
  group_membership& membership_;
  subscription_state& state_;
  offset_committer& committer_;
  consumer_metrics& metrics_;
  rebalance_options options_;
  std::function<void()> on_assignment_changed_;
  rebalance_listener listener_;
  std::vector<gregor::topic_partition> last_assignment_;
  std::exception_ptr listener_error_;
};

}  // namespace gregor::client
