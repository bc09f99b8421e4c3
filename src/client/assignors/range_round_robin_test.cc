// RangeAssignor and RoundRobinAssignor: the examples from Kafka's documentation of each, member
// ordering with static members, unequal subscriptions and unknown topics.
#include <gtest/gtest.h>

#include "client/assignors/assignor_test_support.h"
#include "client/assignors/range_assignor.h"
#include "client/assignors/round_robin_assignor.h"

namespace gregor::client {
namespace {

using testing::is_valid;
using testing::member;
using testing::name;
using testing::tps;

TEST(RangeAssignor, DocumentedExampleTwoMembersTwoTopics) {
  std::vector<group_member> members{member("C0", {"t0", "t1"}), member("C1", {"t0", "t1"})};
  topic_partition_counts counts{{"t0", 3}, {"t1", 3}};
  auto a = range_assignor().assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, a));
  EXPECT_EQ(a["C0"], tps({{"t0", 0}, {"t0", 1}, {"t1", 0}, {"t1", 1}}));
  EXPECT_EQ(a["C1"], tps({{"t0", 2}, {"t1", 2}}));
}

TEST(RangeAssignor, SplitsEachTopicAmongItsOwnSubscribers) {
  std::vector<group_member> members{member("a", {"x"}), member("b", {"x", "y"}), member("c", {"y"})};
  topic_partition_counts counts{{"x", 5}, {"y", 2}, {"z", 4}};
  auto a = range_assignor().assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, a));
  EXPECT_EQ(a["a"], tps({{"x", 0}, {"x", 1}, {"x", 2}}));
  EXPECT_EQ(a["b"], tps({{"x", 3}, {"x", 4}, {"y", 0}}));
  EXPECT_EQ(a["c"], tps({{"y", 1}}));
}

TEST(RangeAssignor, MoreMembersThanPartitionsLeavesSomeEmpty) {
  std::vector<group_member> members{member("m1", {"t"}), member("m2", {"t"}), member("m3", {"t"})};
  auto a = range_assignor().assign(members, {{"t", 2}});
  EXPECT_EQ(a["m1"], tps({{"t", 0}}));
  EXPECT_EQ(a["m2"], tps({{"t", 1}}));
  EXPECT_TRUE(a["m3"].empty());
}

TEST(RangeAssignor, StaticMembersRankFirstByInstanceId) {
  // Member ids of static members change on restart; their instance ids do not.
  std::vector<group_member> members{member("a-dynamic", {"t"}), member("z-1", {"t"}), member("y-2", {"t"})};
  members[1].group_instance_id = "instance-1";
  members[2].group_instance_id = "instance-0";
  auto a = range_assignor().assign(members, {{"t", 3}});
  EXPECT_EQ(a["y-2"], tps({{"t", 0}}));
  EXPECT_EQ(a["z-1"], tps({{"t", 1}}));
  EXPECT_EQ(a["a-dynamic"], tps({{"t", 2}}));
}

TEST(RangeAssignor, IgnoresTopicsWithoutMetadata) {
  std::vector<group_member> members{member("m", {"known", "unknown"}), member("idle", {})};
  auto a = range_assignor().assign(members, {{"known", 1}});
  EXPECT_EQ(a["m"], tps({{"known", 0}}));
  EXPECT_TRUE(a["idle"].empty());
}

TEST(RoundRobinAssignor, DocumentedExampleIdenticalSubscriptions) {
  std::vector<group_member> members{member("C0", {"t0", "t1"}), member("C1", {"t0", "t1"})};
  topic_partition_counts counts{{"t0", 3}, {"t1", 3}};
  auto a = round_robin_assignor().assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, a));
  EXPECT_EQ(a["C0"], tps({{"t0", 0}, {"t0", 2}, {"t1", 1}}));
  EXPECT_EQ(a["C1"], tps({{"t0", 1}, {"t1", 0}, {"t1", 2}}));
}

TEST(RoundRobinAssignor, DocumentedExampleDifferentSubscriptions) {
  std::vector<group_member> members{member("C0", {"t0"}), member("C1", {"t0", "t1"}),
                                    member("C2", {"t0", "t1", "t2"})};
  topic_partition_counts counts{{"t0", 1}, {"t1", 2}, {"t2", 3}};
  auto a = round_robin_assignor().assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, a));
  EXPECT_EQ(a["C0"], tps({{"t0", 0}}));
  EXPECT_EQ(a["C1"], tps({{"t1", 0}}));
  EXPECT_EQ(a["C2"], tps({{"t1", 1}, {"t2", 0}, {"t2", 1}, {"t2", 2}}));
}

TEST(RoundRobinAssignor, IdenticalSubscriptionsAreBalanced) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::string> topics{"a", "b", "c"};
    std::vector<group_member> members;
    int n = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < n; ++i) members.push_back(member(name("m", static_cast<uint64_t>(rng())), topics));
    topic_partition_counts counts{{"a", static_cast<int32_t>(rng() % 20)}, {"b", 1}, {"c", static_cast<int32_t>(rng() % 7)}};
    auto a = round_robin_assignor().assign(members, counts);
    EXPECT_TRUE(is_valid(members, counts, a));
    EXPECT_LE(testing::spread(a), 1u);
  }
}

}  // namespace
}  // namespace gregor::client
