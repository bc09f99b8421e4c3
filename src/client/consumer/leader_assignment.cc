#include "client/consumer/leader_assignment.h"

namespace gregor::client {

std::set<std::string> subscribed_topics(const std::vector<protocol::join_group_response::member>& members) {
  std::set<std::string> topics;
  for (const auto& m : members) {
    if (auto s = decode_subscription(m.metadata)) topics.insert(s->topics.begin(), s->topics.end());
  }
  return topics;
}

std::map<std::string, int32_t> partition_counts(const std::set<std::string>& topics, const cluster_metadata& metadata) {
  std::map<std::string, int32_t> counts;
  for (const auto& t : topics) {
    const topic_metadata* tm = metadata.topic(t);
    counts[t] = tm && tm->error_code == 0 ? static_cast<int32_t>(tm->partitions.size()) : 0;
  }
  return counts;
}

leader_plan plan_assignment(const assignor& strategy, const std::vector<protocol::join_group_response::member>& members,
                            const cluster_metadata& metadata) {
  std::vector<group_member> group;
  group.reserve(members.size());
  for (const auto& m : members) {
    auto s = decode_subscription(m.metadata);
    group.push_back(strategy.to_group_member(m.member_id, m.group_instance_id, s.value_or(consumer_subscription{})));
  }
  leader_plan plan;
  plan.partition_counts = partition_counts(subscribed_topics(members), metadata);
  topic_partition_counts known;
  for (const auto& [topic, count] : plan.partition_counts) {
    if (count > 0) known[topic] = count;
  }
  group_assignment assigned = strategy.assign(group, known);
  for (const auto& m : members) {
    consumer_assignment a;
    if (auto it = assigned.find(m.member_id); it != assigned.end()) a.assigned_partitions = group_by_topic(it->second);
    plan.assignments.push_back({m.member_id, encode_assignment(a)});
  }
  return plan;
}

}  // namespace gregor::client
