#include "client/assignors/round_robin_assignor.h"

#include "client/assignors/member_order.h"
#include "client/assignors/topic_subscribers.h"

namespace gregor::client {

group_assignment round_robin_assignor::assign(const std::vector<group_member>& members,
                                              const topic_partition_counts& partition_counts) const {
  group_assignment out = empty_assignment(members);
  const std::vector<size_t> order = sorted_member_indexes(members);
  size_t next = 0;  // position in `order` of the member the deal resumes from
  for (const auto& [topic, subscribers] : topic_subscribers(members, partition_counts)) {
    std::vector<char> subscribed(members.size(), 0);
    for (size_t m : subscribers) subscribed[m] = 1;
    for (int32_t p = 0; p < partition_counts.at(topic); ++p) {
      // Terminates: the topic has at least one subscriber.
      while (!subscribed[order[next]]) next = (next + 1) % order.size();
      out[members[order[next]].member_id].push_back({topic, p});
      next = (next + 1) % order.size();
    }
  }
  return out;
}

}  // namespace gregor::client
