// topic_subscribers: the assign() inputs regrouped per topic, as every assignor first needs them.
//
// Only topics that some member subscribes to AND that have a known partition count > 0 appear;
// subscribers are listed in member order (member_order.h), each at most once. Pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "client/assignors/group_member.h"

namespace gregor::client {

// topic -> indexes into `members` of its subscribers, in member order.
std::map<std::string, std::vector<size_t>> topic_subscribers(const std::vector<group_member>& members,
                                                             const topic_partition_counts& partition_counts);

// Every member with an empty list: the shape of every assign() result.
group_assignment empty_assignment(const std::vector<group_member>& members);

}  // namespace gregor::client
