// sticky_assignor: Kafka's "sticky" strategy (KIP-54) under the eager protocol.
//
// The assignment is sticky_balance() (sticky_balancer.h). Eager members revoke everything before
// rejoining, so the subscription's OwnedPartitions is empty; instead each member reports its
// previous assignment and generation in the user data (sticky_user_data.h), as Java's and
// librdkafka's StickyAssignor do, which keeps this assignor interoperable with them. Stateless.
#pragma once

#include "client/assignors/assignor.h"

namespace gregor::client {

class sticky_assignor final : public assignor {
 public:
  std::string_view name() const override { return "sticky"; }
  group_assignment assign(const std::vector<group_member>& members,
                          const topic_partition_counts& partition_counts) const override;
  std::optional<shared_bytes> subscription_user_data(const std::vector<topic_partition>& owned,
                                                     int32_t generation) const override;
  group_member to_group_member(std::string member_id, std::optional<std::string> group_instance_id,
                               const consumer_subscription& subscription) const override;
};

}  // namespace gregor::client
