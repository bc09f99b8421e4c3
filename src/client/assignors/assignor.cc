#include "client/assignors/assignor.h"

#include <algorithm>

namespace gregor::client {

group_member assignor::to_group_member(std::string member_id, std::optional<std::string> group_instance_id,
                                       const consumer_subscription& subscription) const {
  group_member m;
  m.member_id = std::move(member_id);
  m.group_instance_id = std::move(group_instance_id);
  m.topics = subscription.topics;
  m.owned_partitions = flatten(subscription.owned_partitions);
  m.generation = subscription.generation_id;
  return m;
}

bool assignor::supports(rebalance_protocol p) const {
  auto all = supported_protocols();
  return std::find(all.begin(), all.end(), p) != all.end();
}

}  // namespace gregor::client
