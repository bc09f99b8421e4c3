// CooperativeStickyAssignor: partitions changing owner are withheld for one round (KIP-429), the
// group converges to the sticky assignment in the follow-up round, and the owned partitions and
// generation are read from the subscription.
#include "client/assignors/cooperative_sticky_assignor.h"

#include <gtest/gtest.h>

#include "client/assignors/assignor_test_support.h"
#include "client/assignors/sticky_assignor.h"
#include "client/assignors/sticky_user_data.h"

namespace gregor::client {
namespace {

using testing::is_valid;
using testing::member;
using testing::name;
using testing::spread;
using testing::tps;
using testing::with_owned;

const cooperative_sticky_assignor cooperative;

// True when no member is given a partition that another member reported owning.
::testing::AssertionResult no_transfers(const std::vector<group_member>& members, const group_assignment& a) {
  for (const auto& m : members)
    for (const auto& tp : a.at(m.member_id))
      for (const auto& other : members)
        if (other.member_id != m.member_id &&
            std::find(other.owned_partitions.begin(), other.owned_partitions.end(), tp) != other.owned_partitions.end())
          return ::testing::AssertionFailure() << tp << " given to " << m.member_id << " while " << other.member_id << " owns it";
  return ::testing::AssertionSuccess();
}

TEST(CooperativeStickyAssignor, JoiningMemberGetsMovedPartitionsOnlyInTheFollowUpRound) {
  std::vector<std::string> topics{"t"};
  topic_partition_counts counts{{"t", 6}};
  std::vector<group_member> members{member("C0", topics), member("C1", topics)};
  auto stable = cooperative.assign(members, counts);
  EXPECT_EQ(stable["C0"].size(), 3u);

  auto joined = with_owned(members, stable, 1);
  joined.push_back(member("C2", topics));
  auto round1 = cooperative.assign(joined, counts);
  EXPECT_TRUE(no_transfers(joined, round1));
  EXPECT_EQ(round1["C0"].size(), 2u) << "C0 revokes one";
  EXPECT_EQ(round1["C1"].size(), 2u) << "C1 revokes one";
  EXPECT_TRUE(round1["C2"].empty()) << "nothing may move to C2 while C0/C1 still own it";

  // Each member now owns exactly what round 1 gave it; the revoked partitions are free.
  auto round2 = cooperative.assign(with_owned(joined, round1, 2), counts);
  EXPECT_TRUE(is_valid(joined, counts, round2));
  EXPECT_EQ(round2, sticky_assignor().assign(with_owned(joined, stable, 1), counts))
      << "the follow-up reaches the eager sticky assignment";
  EXPECT_EQ(round2["C2"].size(), 2u);
  EXPECT_EQ(round2["C0"], round1["C0"]);
  EXPECT_EQ(round2["C1"], round1["C1"]);
}

TEST(CooperativeStickyAssignor, UnownedPartitionsAreAssignedAtOnce) {
  std::vector<group_member> members{member("a", {"t"}, tps({{"t", 0}}), 5), member("b", {"t"})};
  auto a = cooperative.assign(members, {{"t", 4}});
  // Partitions 1-3 belong to nobody, so they are handed out immediately.
  EXPECT_TRUE(is_valid(members, {{"t", 4}}, a));
  EXPECT_EQ(a["a"], tps({{"t", 0}, {"t", 2}}));
  EXPECT_EQ(a["b"], tps({{"t", 1}, {"t", 3}}));
}

TEST(CooperativeStickyAssignor, EvenStaleOrInvalidOwnershipBlocksATransfer) {
  // "x" dropped topic u but still reports owning u-0; it revokes it this round, so u-0 may only
  // go to "y" in the next one.
  std::vector<group_member> members{member("x", {"t"}, tps({{"u", 0}}), 2), member("y", {"t", "u"}, {}, 2)};
  auto a = cooperative.assign(members, {{"t", 1}, {"u", 1}});
  EXPECT_TRUE(no_transfers(members, a));
  EXPECT_EQ(a["x"], tps({{"t", 0}}));
  EXPECT_TRUE(a["y"].empty());
}

// Random membership churn: every round obeys the cooperative rule, and one quiet follow-up round
// always reaches a valid, balanced assignment.
TEST(CooperativeStickyAssignor, RandomChurnNeverTransfersAndConvergesInOneMoreRound) {
  std::mt19937 rng(2024);
  std::vector<std::string> topics{"a", "b", "c"};
  topic_partition_counts counts{{"a", 7}, {"b", 12}, {"c", 5}};
  std::vector<group_member> group{member("m0", topics)};
  group_assignment current = cooperative.assign(group, counts);
  int32_t generation = 1;
  int next_id = 1;
  for (int round = 0; round < 300; ++round) {
    group = with_owned(group, current, generation++);
    if (rng() % 2 || group.size() == 1) {
      group.push_back(member(name("m", static_cast<uint64_t>(next_id++)), topics));
    } else {
      group.erase(group.begin() + static_cast<std::ptrdiff_t>(rng() % group.size()));
    }
    current = cooperative.assign(group, counts);
    ASSERT_TRUE(no_transfers(group, current)) << "round " << round;

    // The follow-up rebalance the revoking members trigger.
    auto settled_members = with_owned(group, current, generation++);
    current = cooperative.assign(settled_members, counts);
    ASSERT_TRUE(no_transfers(settled_members, current));
    ASSERT_TRUE(is_valid(settled_members, counts, current)) << "round " << round;
    EXPECT_LE(spread(current), 1u);
  }
}

TEST(CooperativeStickyAssignor, ReadsOwnedPartitionsAndGenerationFromTheSubscription) {
  consumer_subscription s;
  s.version = 3;
  s.topics = {"t"};
  s.owned_partitions = {{"t", {2, 0}}};
  s.generation_id = 8;
  s.user_data = cooperative.subscription_user_data({}, 5);
  auto m = cooperative.to_group_member("id", std::nullopt, s);
  EXPECT_EQ(m.owned_partitions, tps({{"t", 0}, {"t", 2}}));
  EXPECT_EQ(m.generation, 8) << "v2+ subscriptions carry the generation themselves";

  s.version = 1;  // older member: the generation is only in the user data
  EXPECT_EQ(cooperative.to_group_member("id", std::nullopt, s).generation, 5);
  s.user_data = encode_sticky_user_data({tps({{"t", 0}}), 6});  // librdkafka's layout
  EXPECT_EQ(cooperative.to_group_member("id", std::nullopt, s).generation, 6);
  s.user_data.reset();
  EXPECT_EQ(cooperative.to_group_member("id", std::nullopt, s).generation, -1);
}

TEST(CooperativeStickyAssignor, PrefersCooperativeButSupportsEager) {
  EXPECT_EQ(cooperative.name(), "cooperative-sticky");
  EXPECT_EQ(cooperative.supported_protocols().front(), rebalance_protocol::cooperative);
  EXPECT_TRUE(cooperative.supports(rebalance_protocol::eager));
}

}  // namespace
}  // namespace gregor::client
