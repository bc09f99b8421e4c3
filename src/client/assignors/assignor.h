// assignor: a partition assignment strategy of the classic consumer group protocol.
//
// The group leader decodes every member's subscription (to_group_member), calls assign() with the
// partition counts from its metadata, and sends each member its share in SyncGroup. Members put
// subscription_user_data() in their own JoinGroup metadata. An assignor is identified on the wire
// by name() (JoinGroup protocol name), and the group runs the cooperative rebalance protocol
// (KIP-429) only when every member's chosen assignor supports it.
//
// Thread-safety: assignors are stateless; every method is const and safe to call concurrently.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "client/assignors/consumer_protocol.h"
#include "client/assignors/group_member.h"

namespace gregor::client {

enum class rebalance_protocol {
  eager,        // every member revokes all partitions before rejoining
  cooperative,  // members keep what they own; only moved partitions are revoked (KIP-429)
};

constexpr std::string_view to_string(rebalance_protocol p) {
  return p == rebalance_protocol::eager ? "eager" : "cooperative";
}

class assignor {
 public:
  virtual ~assignor() = default;

  virtual std::string_view name() const = 0;

  // In order of preference, best first.
  virtual std::vector<rebalance_protocol> supported_protocols() const { return {rebalance_protocol::eager}; }

  // Partitions of topics nobody subscribes to, and subscribed topics missing from
  // `partition_counts`, are not assigned. Deterministic for a given input.
  virtual group_assignment assign(const std::vector<group_member>& members,
                                  const topic_partition_counts& partition_counts) const = 0;

  // Member side: the user data for our subscription, given what we own and our generation.
  virtual std::optional<shared_bytes> subscription_user_data(const std::vector<topic_partition>& /*owned*/,
                                                             int32_t /*generation*/) const {
    return std::nullopt;
  }

  // Leader side: a member as assign() needs it. By default the owned partitions and generation
  // come from the subscription's own fields (v1+ / v2+).
  virtual group_member to_group_member(std::string member_id, std::optional<std::string> group_instance_id,
                                       const consumer_subscription& subscription) const;

  // True when `p` is in supported_protocols().
  bool supports(rebalance_protocol p) const;
};

}  // namespace gregor::client
