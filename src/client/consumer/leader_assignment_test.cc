// leader_assignment: decoding members, assigning with the chosen assignor, encoding for SyncGroup.
#include "client/consumer/leader_assignment.h"

#include <gtest/gtest.h>

#include "client/assignors/assignor_factory.h"

namespace gregor::client {
namespace {

protocol::join_group_response::member member_of(std::string id, std::vector<std::string> topics) {
  consumer_subscription s;
  s.topics = std::move(topics);
  return {std::move(id), std::nullopt, encode_subscription(s)};
}

TEST(LeaderAssignment, AssignsEveryMembersTopicsFromMetadata) {
  cluster_metadata md;
  md.topics["a"].partitions.resize(4);
  md.topics["b"].partitions.resize(1);
  std::vector<protocol::join_group_response::member> members{member_of("m1", {"a"}), member_of("m2", {"a", "b"}),
                                                             member_of("m3", {"missing"})};
  auto range = make_assignor("range");
  auto plan = plan_assignment(*range, members, md);
  EXPECT_EQ(plan.partition_counts, (std::map<std::string, int32_t>{{"a", 4}, {"b", 1}, {"missing", 0}}));
  ASSERT_EQ(plan.assignments.size(), 3u);
  std::map<std::string, std::vector<topic_partition>> got;
  for (const auto& a : plan.assignments) got[a.member_id] = flatten(decode_assignment(a.assignment)->assigned_partitions);
  EXPECT_EQ(got["m1"], (std::vector<topic_partition>{{"a", 0}, {"a", 1}}));
  EXPECT_EQ(got["m2"], (std::vector<topic_partition>{{"a", 2}, {"a", 3}, {"b", 0}}));
  EXPECT_TRUE(got["m3"].empty());
}

}  // namespace
}  // namespace gregor::client
