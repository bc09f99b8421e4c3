#include "client/assignors/cooperative_sticky_assignor.h"

#include <algorithm>
#include <set>

#include "client/assignors/sticky_balancer.h"
#include "client/assignors/sticky_user_data.h"

namespace gregor::client {

void withhold_transfers(const std::vector<group_member>& members, group_assignment& assignment) {
  // Every reported owner counts, valid claim or not: a member revokes whatever it reported and
  // did not get back, and it must finish revoking before anyone else is given the partition.
  std::map<topic_partition, std::set<std::string_view>> owners;
  for (const auto& m : members)
    for (const auto& tp : m.owned_partitions) owners[tp].insert(m.member_id);

  for (auto& [member_id, partitions] : assignment) {
    std::erase_if(partitions, [&](const topic_partition& tp) {
      auto it = owners.find(tp);
      if (it == owners.end() || it->second.contains(member_id)) return false;
      return true;  // owned by someone else: moves in the follow-up rebalance
    });
  }
}

group_assignment cooperative_sticky_assignor::assign(const std::vector<group_member>& members,
                                                     const topic_partition_counts& partition_counts) const {
  group_assignment out = sticky_balance(members, partition_counts);
  withhold_transfers(members, out);
  return out;
}

std::optional<shared_bytes> cooperative_sticky_assignor::subscription_user_data(const std::vector<topic_partition>&,
                                                                                int32_t generation) const {
  // Owned partitions travel in the subscription itself; the generation is repeated here for
  // leaders that only read subscription versions below 2.
  return encode_cooperative_user_data(generation);
}

group_member cooperative_sticky_assignor::to_group_member(std::string member_id,
                                                          std::optional<std::string> group_instance_id,
                                                          const consumer_subscription& subscription) const {
  group_member m = assignor::to_group_member(std::move(member_id), std::move(group_instance_id), subscription);
  if (subscription.version >= 2 && subscription.generation_id >= 0) return m;
  m.generation = -1;
  if (!subscription.user_data) return m;
  const shared_bytes& data = *subscription.user_data;
  if (data.size() == 4) {
    m.generation = decode_cooperative_user_data(data).value_or(-1);
  } else if (auto sticky = decode_sticky_user_data(data); sticky && sticky->generation) {
    m.generation = *sticky->generation;
  }
  return m;
}

}  // namespace gregor::client
