// member_order: the order Kafka's assignors rank members in, so that Gregor, Java and librdkafka
// leaders running the same assignor give the same members the same partitions.
//
// Static members (with a group.instance.id, KIP-345) come first, ordered by instance id, so a
// restarted static member gets its old range back although its member id changed; dynamic members
// follow, ordered by member id. Pure functions.
#pragma once

#include <algorithm>
#include <vector>

#include "client/assignors/group_member.h"

namespace gregor::client {

inline bool member_before(const group_member& a, const group_member& b) {
  if (a.group_instance_id && b.group_instance_id) return *a.group_instance_id < *b.group_instance_id;
  if (a.group_instance_id) return true;
  if (b.group_instance_id) return false;
  return a.member_id < b.member_id;
}

// Indexes into `members`, in member order.
inline std::vector<size_t> sorted_member_indexes(const std::vector<group_member>& members) {
  std::vector<size_t> order(members.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return member_before(members[a], members[b]); });
  return order;
}

}  // namespace gregor::client
