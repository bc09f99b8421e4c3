// StickyAssignor: Kafka's documented examples, balance and validity on random groups, minimal
// movement when members come and go, claim conflicts, and reading the eager user data.
#include "client/assignors/sticky_assignor.h"

#include <gtest/gtest.h>

#include "client/assignors/assignor_test_support.h"
#include "client/assignors/sticky_user_data.h"

namespace gregor::client {
namespace {

using testing::is_valid;
using testing::member;
using testing::name;
using testing::moved;
using testing::spread;
using testing::tps;
using testing::with_owned;

const sticky_assignor sticky;

TEST(StickyAssignor, DocumentedExampleMemberLeaves) {
  std::vector<std::string> topics{"t0", "t1", "t2", "t3"};
  topic_partition_counts counts{{"t0", 2}, {"t1", 2}, {"t2", 2}, {"t3", 2}};
  std::vector<group_member> members{member("C0", topics), member("C1", topics), member("C2", topics)};
  auto first = sticky.assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, first));
  EXPECT_EQ(first["C0"], tps({{"t0", 0}, {"t1", 1}, {"t3", 0}}));
  EXPECT_EQ(first["C1"], tps({{"t0", 1}, {"t2", 0}, {"t3", 1}}));
  EXPECT_EQ(first["C2"], tps({{"t1", 0}, {"t2", 1}}));

  // C1 leaves: C0 and C2 keep everything and split C1's three partitions.
  auto survivors = with_owned({members[0], members[2]}, first, 1);
  auto second = sticky.assign(survivors, counts);
  EXPECT_TRUE(is_valid(survivors, counts, second));
  EXPECT_EQ(second["C0"], tps({{"t0", 0}, {"t1", 1}, {"t2", 0}, {"t3", 0}}));
  EXPECT_EQ(second["C2"], tps({{"t0", 1}, {"t1", 0}, {"t2", 1}, {"t3", 1}}));
}

TEST(StickyAssignor, DocumentedExampleDifferentSubscriptions) {
  topic_partition_counts counts{{"t0", 1}, {"t1", 2}, {"t2", 3}};
  std::vector<group_member> members{member("C0", {"t0"}), member("C1", {"t0", "t1"}),
                                    member("C2", {"t0", "t1", "t2"})};
  auto first = sticky.assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, first));
  EXPECT_EQ(first["C0"], tps({{"t0", 0}}));
  EXPECT_EQ(first["C1"], tps({{"t1", 0}, {"t1", 1}}));
  EXPECT_EQ(first["C2"], tps({{"t2", 0}, {"t2", 1}, {"t2", 2}}));

  auto survivors = with_owned({members[1], members[2]}, first, 1);
  auto second = sticky.assign(survivors, counts);
  EXPECT_EQ(second["C1"], tps({{"t0", 0}, {"t1", 0}, {"t1", 1}}));
  EXPECT_EQ(second["C2"], tps({{"t2", 0}, {"t2", 1}, {"t2", 2}}));
}

// No partition could move to an eligible member holding two fewer: the balance criterion.
::testing::AssertionResult no_improving_move(const std::vector<group_member>& members, const group_assignment& a) {
  for (const auto& from : members)
    for (const auto& to : members) {
      const auto& have = a.at(from.member_id);
      if (have.size() < a.at(to.member_id).size() + 2) continue;
      for (const auto& tp : have)
        if (std::find(to.topics.begin(), to.topics.end(), tp.topic) != to.topics.end())
          return ::testing::AssertionFailure() << tp << " could move from " << from.member_id << " to " << to.member_id;
    }
  return ::testing::AssertionSuccess();
}

TEST(StickyAssignor, RandomIdenticalSubscriptionsAreValidAndBalanced) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    topic_partition_counts counts;
    std::vector<std::string> topics;
    for (int t = 0, n = 1 + static_cast<int>(rng() % 5); t < n; ++t) {
      topics.push_back(name("topic", static_cast<uint64_t>(t)));
      counts[topics.back()] = static_cast<int32_t>(rng() % 30);
    }
    std::vector<group_member> members;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 12); i < n; ++i)
      members.push_back(member(name(name("member-", rng() % 1000) + "-", static_cast<uint64_t>(i)), topics));
    auto a = sticky.assign(members, counts);
    ASSERT_TRUE(is_valid(members, counts, a));
    EXPECT_LE(spread(a), 1u);
    // Assigning again from that state changes nothing.
    EXPECT_EQ(sticky.assign(with_owned(members, a, 1), counts), a);
  }
}

TEST(StickyAssignor, RandomDifferentSubscriptionsAreValidAndLocallyBalanced) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 200; ++round) {
    topic_partition_counts counts;
    for (int t = 0; t < 6; ++t) counts[name("t", static_cast<uint64_t>(t))] = static_cast<int32_t>(rng() % 12);
    std::vector<group_member> members;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 10); i < n; ++i) {
      std::vector<std::string> topics;
      for (int t = 0; t < 6; ++t)
        if (rng() % 2) topics.push_back(name("t", static_cast<uint64_t>(t)));
      members.push_back(member(name("m", static_cast<uint64_t>(i)), topics));
    }
    auto a = sticky.assign(members, counts);
    ASSERT_TRUE(is_valid(members, counts, a));
    EXPECT_TRUE(no_improving_move(members, a));
    // Subscriptions change for some members; the previous state must still give a valid result.
    auto next = with_owned(members, a, 1);
    for (auto& m : next)
      if (rng() % 3 == 0) m.topics = {name("t", static_cast<uint64_t>(rng() % 6))};
    auto b = sticky.assign(next, counts);
    ASSERT_TRUE(is_valid(next, counts, b));
    EXPECT_TRUE(no_improving_move(next, b));
  }
}

// With identical subscriptions a member joining moves exactly the partitions needed to rebalance,
// and a member leaving moves only its own.
TEST(StickyAssignor, MembershipChangesMoveOnlyWhatBalanceRequires) {
  std::mt19937 rng(99);
  for (int round = 0; round < 100; ++round) {
    std::vector<std::string> topics{"a", "b"};
    topic_partition_counts counts{{"a", static_cast<int32_t>(rng() % 40)}, {"b", static_cast<int32_t>(rng() % 40)}};
    std::vector<group_member> members;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 8); i < n; ++i) members.push_back(member(name("m", static_cast<uint64_t>(i)), topics));
    auto before = sticky.assign(members, counts);

    auto joined = with_owned(members, before, 1);
    joined.push_back(member("m-new", topics));
    auto after = sticky.assign(joined, counts);
    ASSERT_TRUE(is_valid(joined, counts, after));
    EXPECT_LE(spread(after), 1u);
    size_t needed = 0;
    for (const auto& [id, list] : before)
      if (list.size() > after[id].size()) needed += list.size() - after[id].size();
    EXPECT_EQ(moved(before, after), needed);
    EXPECT_EQ(after["m-new"].size(), needed);

    auto left = with_owned(members, before, 1);
    size_t gone = rng() % left.size();
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(gone));
    auto shrunk = sticky.assign(left, counts);
    ASSERT_TRUE(is_valid(left, counts, shrunk));
    EXPECT_LE(spread(shrunk), 1u);
    for (const auto& m : left)
      for (const auto& tp : before[m.member_id])
        EXPECT_TRUE(std::binary_search(shrunk[m.member_id].begin(), shrunk[m.member_id].end(), tp))
            << m.member_id << " lost " << tp;
  }
}

TEST(StickyAssignor, NewerGenerationWinsAConflictingClaim) {
  topic_partition_counts counts{{"t", 2}};
  std::vector<group_member> members{member("stale", {"t"}, tps({{"t", 0}, {"t", 1}}), 3),
                                    member("fresh", {"t"}, tps({{"t", 0}}), 4)};
  auto a = sticky.assign(members, counts);
  EXPECT_EQ(a["fresh"], tps({{"t", 0}}));
  EXPECT_EQ(a["stale"], tps({{"t", 1}}));
}

TEST(StickyAssignor, ClaimsOnUnsubscribedOrMissingPartitionsAreDropped) {
  topic_partition_counts counts{{"t", 2}, {"u", 2}};
  std::vector<group_member> members{member("x", {"t"}, tps({{"u", 0}, {"u", 1}, {"t", 7}}), 1),
                                    member("y", {"t", "u"}, {}, 1)};
  auto a = sticky.assign(members, counts);
  EXPECT_TRUE(is_valid(members, counts, a));
  EXPECT_EQ(a["x"], tps({{"t", 0}, {"t", 1}}));
  EXPECT_EQ(a["y"], tps({{"u", 0}, {"u", 1}}));
}

TEST(StickyAssignor, ReadsPreviousAssignmentFromUserData) {
  consumer_subscription s;
  s.topics = {"t"};
  s.user_data = sticky.subscription_user_data(tps({{"t", 3}, {"t", 1}}), 12);
  s.owned_partitions = {{"t", {0}}};  // ignored: eager members report in the user data
  auto m = sticky.to_group_member("id", "static", s);
  EXPECT_EQ(m.member_id, "id");
  EXPECT_EQ(m.group_instance_id, "static");
  EXPECT_EQ(m.owned_partitions, tps({{"t", 1}, {"t", 3}}));
  EXPECT_EQ(m.generation, 12);

  s.user_data = shared_bytes::copy_of(std::string_view("\x01"));  // unreadable: owns nothing
  m = sticky.to_group_member("id", std::nullopt, s);
  EXPECT_TRUE(m.owned_partitions.empty());
  EXPECT_EQ(m.generation, -1);
}

TEST(StickyAssignor, IsEagerOnly) {
  EXPECT_EQ(sticky.name(), "sticky");
  EXPECT_TRUE(sticky.supports(rebalance_protocol::eager));
  EXPECT_FALSE(sticky.supports(rebalance_protocol::cooperative));
}

}  // namespace
}  // namespace gregor::client
