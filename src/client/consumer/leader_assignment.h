// leader_assignment: what the group leader does between its JoinGroup and SyncGroup.
//
// The leader's JoinGroup answer lists every member with its subscription (the "consumer"
// embedded protocol, client/assignors/consumer_protocol.h). The leader decodes them, runs the
// assignor the coordinator chose with the partition counts of every subscribed topic from its
// metadata, and encodes one assignment per member for SyncGroup. It also remembers those partition
// counts: when the metadata later disagrees (partitions added, a subscribed topic created), the
// leader asks for a rebalance. Pure functions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "client/assignors/assignor.h"
#include "client/net/cluster_metadata.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/sync_group.h"

namespace gregor::client {

struct leader_plan {
  std::vector<protocol::sync_group_request::member_assignment> assignments;
  // Every topic some member subscribes to -> its partition count when assigned (0: not found).
  std::map<std::string, int32_t> partition_counts;
};

// The union of the members' subscribed topics (members whose metadata does not decode count as
// subscribing to nothing).
std::set<std::string> subscribed_topics(const std::vector<protocol::join_group_response::member>& members);

leader_plan plan_assignment(const assignor& strategy, const std::vector<protocol::join_group_response::member>& members,
                            const cluster_metadata& metadata);

// Partition counts of `topics` in `metadata` (0 for a topic that is missing or in error).
std::map<std::string, int32_t> partition_counts(const std::set<std::string>& topics, const cluster_metadata& metadata);

}  // namespace gregor::client
