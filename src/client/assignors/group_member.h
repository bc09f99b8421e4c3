// group_member: what the group leader knows about one member when it computes an assignment.
//
// Built from the member's JoinGroup metadata (a ConsumerProtocolSubscription, see
// consumer_protocol.h) by assignor::to_group_member(), since where the previously owned partitions
// and generation live depends on the assignor (the subscription's OwnedPartitions field for
// cooperative protocols, the StickyAssignor user data for the eager sticky assignor).
// A plain value type.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/assignors/topic_partition.h"

namespace gregor::client {

struct group_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;  // static membership (KIP-345)
  std::vector<std::string> topics;               // the subscription
  std::vector<topic_partition> owned_partitions; // what the member held before this rebalance
  int32_t generation = -1;                       // generation of owned_partitions; -1: unknown
};

// Partition count of every topic the leader has metadata for; unknown topics are left out.
using topic_partition_counts = std::map<std::string, int32_t>;

// member_id -> assigned partitions, sorted; every member of the input appears, possibly empty.
using group_assignment = std::map<std::string, std::vector<topic_partition>>;

}  // namespace gregor::client
