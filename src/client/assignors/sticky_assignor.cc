#include "client/assignors/sticky_assignor.h"

#include "client/assignors/sticky_balancer.h"
#include "client/assignors/sticky_user_data.h"

namespace gregor::client {

group_assignment sticky_assignor::assign(const std::vector<group_member>& members,
                                         const topic_partition_counts& partition_counts) const {
  return sticky_balance(members, partition_counts);
}

std::optional<shared_bytes> sticky_assignor::subscription_user_data(const std::vector<topic_partition>& owned,
                                                                    int32_t generation) const {
  return encode_sticky_user_data({owned, generation});
}

group_member sticky_assignor::to_group_member(std::string member_id, std::optional<std::string> group_instance_id,
                                              const consumer_subscription& subscription) const {
  group_member m = assignor::to_group_member(std::move(member_id), std::move(group_instance_id), subscription);
  // The user data is authoritative for the eager sticky assignor; unreadable user data means
  // "owned nothing", never a failed rebalance.
  m.owned_partitions.clear();
  m.generation = -1;
  if (subscription.user_data && !subscription.user_data->empty()) {
    if (auto data = decode_sticky_user_data(*subscription.user_data)) {
      m.owned_partitions = std::move(data->previous_assignment);
      m.generation = data->generation.value_or(-1);
    }
  }
  return m;
}

}  // namespace gregor::client
