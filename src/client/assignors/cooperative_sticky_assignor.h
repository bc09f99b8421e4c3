// cooperative_sticky_assignor: Kafka's "cooperative-sticky" strategy (KIP-429).
//
// Computes the same balanced, sticky assignment as sticky_assignor, then withholds every partition
// that would change owner: a partition another member reported owning is left out of its new
// owner's assignment this round. The old owner sees it missing and revokes it, then rejoins; the
// follow-up rebalance assigns it, now unowned. So no partition is ever consumed by two members at
// once, and members keep consuming everything that does not move.
//
// Owned partitions come from the subscription (v1+), the generation from the subscription (v2+)
// or, for older subscriptions, from the user data (Java's 4-byte generation, or a
// StickyAssignorUserData as librdkafka writes). Supports cooperative (preferred) and eager.
// Stateless.
#pragma once

#include "client/assignors/assignor.h"

namespace gregor::client {

class cooperative_sticky_assignor final : public assignor {
 public:
  std::string_view name() const override { return "cooperative-sticky"; }
  std::vector<rebalance_protocol> supported_protocols() const override {
    return {rebalance_protocol::cooperative, rebalance_protocol::eager};
  }
  group_assignment assign(const std::vector<group_member>& members,
                          const topic_partition_counts& partition_counts) const override;
  std::optional<shared_bytes> subscription_user_data(const std::vector<topic_partition>& owned,
                                                     int32_t generation) const override;
  group_member to_group_member(std::string member_id, std::optional<std::string> group_instance_id,
                               const consumer_subscription& subscription) const override;
};

// The cooperative rule on its own: removes from each member's assignment the partitions it did not
// own but some other member did. Exposed for tests and for custom cooperative assignors.
void withhold_transfers(const std::vector<group_member>& members, group_assignment& assignment);

}  // namespace gregor::client
