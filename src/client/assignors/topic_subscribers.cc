#include "client/assignors/topic_subscribers.h"

#include <set>

#include "client/assignors/member_order.h"

namespace gregor::client {

std::map<std::string, std::vector<size_t>> topic_subscribers(const std::vector<group_member>& members,
                                                             const topic_partition_counts& partition_counts) {
  std::map<std::string, std::vector<size_t>> out;
  for (size_t i : sorted_member_indexes(members)) {
    // A subscription may list a topic twice; count the member once.
    std::set<std::string_view> topics(members[i].topics.begin(), members[i].topics.end());
    for (std::string_view topic : topics) {
      auto count = partition_counts.find(std::string(topic));
      if (count == partition_counts.end() || count->second <= 0) continue;
      out[count->first].push_back(i);
    }
  }
  return out;
}

group_assignment empty_assignment(const std::vector<group_member>& members) {
  group_assignment out;
  for (const auto& m : members) out[m.member_id];
  return out;
}

}  // namespace gregor::client
