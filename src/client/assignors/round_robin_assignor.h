// round_robin_assignor: Kafka's "roundrobin" strategy — partitions dealt out like cards.
//
// All subscribed partitions, ordered by topic then partition, are dealt to the members in member
// order (member_order.h), circularly; a member not subscribed to a partition's topic is skipped
// and the deal continues from the next one. With identical subscriptions the counts differ by at
// most one. Eager only; stateless.
#pragma once

#include "client/assignors/assignor.h"

namespace gregor::client {

class round_robin_assignor final : public assignor {
 public:
  std::string_view name() const override { return "roundrobin"; }
  group_assignment assign(const std::vector<group_member>& members,
                          const topic_partition_counts& partition_counts) const override;
};

}  // namespace gregor::client
