#include "client/assignors/range_assignor.h"

#include <algorithm>

#include "client/assignors/topic_subscribers.h"

namespace gregor::client {

group_assignment range_assignor::assign(const std::vector<group_member>& members,
                                        const topic_partition_counts& partition_counts) const {
  group_assignment out = empty_assignment(members);
  for (const auto& [topic, subscribers] : topic_subscribers(members, partition_counts)) {
    const int32_t n = partition_counts.at(topic);
    const int32_t k = static_cast<int32_t>(subscribers.size());
    const int32_t per_member = n / k;
    const int32_t with_extra = n % k;
    for (int32_t i = 0; i < k; ++i) {
      int32_t start = per_member * i + std::min(i, with_extra);
      int32_t length = per_member + (i < with_extra ? 1 : 0);
      auto& list = out[members[subscribers[i]].member_id];
      for (int32_t p = start; p < start + length; ++p) list.push_back({topic, p});
    }
  }
  // Topics were visited in order, so each list is already sorted.
  return out;
}

}  // namespace gregor::client
