// kafka_consumer in consumer groups against the real broker: splitting partitions, leaving,
// cooperative rebalancing, patterns, static membership, heartbeats vs. max_poll_interval_ms,
// committed offsets across restarts of the consumer and of the broker.
#include <gtest/gtest.h>

#include <algorithm>

#include "client/consumer/consumer_test_support.h"

namespace gregor::consumer_test {
namespace {

// Records what a rebalance listener was told.
struct listener_log {
  std::vector<std::vector<topic_partition>> revoked, assigned, lost;

  rebalance_listener listener() {
    return {[this](const std::vector<topic_partition>& p) { revoked.push_back(p); },
            [this](const std::vector<topic_partition>& p) { assigned.push_back(p); },
            [this](const std::vector<topic_partition>& p) { lost.push_back(p); }};
  }
  size_t calls() const { return revoked.size() + assigned.size() + lost.size(); }
};

class ConsumerGroup : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(cluster.start()); }
  test_cluster cluster;
};

TEST_F(ConsumerGroup, TwoMembersSplitPartitionsAndTheSurvivorTakesAll) {
  cluster.create_topic("split", 4);
  for (int p = 0; p < 4; ++p) cluster.produce_values("split", p, 25, "p" + std::to_string(p) + "-");
  auto cfg = cluster.consumer_config({{"group_id", "split-group"}, {"auto_offset_reset", "earliest"}});
  listener_log la, lb;  // outlives the consumers, whose close() still calls it
  kafka_consumer a(cfg), b(cfg);
  a.subscribe({"split"}, la.listener());
  b.subscribe({"split"}, lb.listener());
  EXPECT_EQ(a.subscription(), std::set<std::string>{"split"});
  std::map<std::string, int> seen;  // "partition/offset" -> times
  auto record = [&](size_t, poll_result& r) {
    for (auto& [tp, list] : r)
      for (auto& rec : list) ++seen[std::to_string(tp.partition) + "/" + std::to_string(rec.offset)];
  };
  ASSERT_TRUE(poll_until({&a, &b}, [&] { return a.assignment().size() == 2 && b.assignment().size() == 2; }, 15s,
                         record));
  std::set<topic_partition> all = a.assignment();
  for (const auto& tp : b.assignment()) all.insert(tp);
  EXPECT_EQ(all.size(), 4u);
  EXPECT_EQ(a.group_metadata().generation_id, b.group_metadata().generation_id);

  a.close();
  EXPECT_FALSE(la.revoked.empty());  // close() revokes what it owned
  ASSERT_TRUE(poll_until({&b}, [&] { return b.assignment().size() == 4 && seen.size() == 100; }, 15s, record));
  ASSERT_FALSE(lb.assigned.empty());
  EXPECT_EQ(lb.assigned.back().size(), 4u);  // eager (range): the whole new assignment
  EXPECT_FALSE(lb.revoked.empty());
  EXPECT_EQ(seen.size(), 100u);  // every record, once a's commits on close were honoured
}

TEST_F(ConsumerGroup, CooperativeStickyRevokesOnlyMovedPartitions) {
  cluster.create_topic("coop", 4);
  auto cfg = cluster.consumer_config(
      {{"group_id", "coop-group"}, {"partition_assignment_strategy", "cooperative-sticky"}});
  listener_log la, lb;
  kafka_consumer a(cfg);
  a.subscribe({"coop"}, la.listener());
  ASSERT_TRUE(poll_until({&a}, [&] { return a.assignment().size() == 4; }));
  auto before = a.assignment();
  kafka_consumer b(cfg);
  b.subscribe({"coop"}, lb.listener());
  ASSERT_TRUE(poll_until({&a, &b}, [&] { return a.assignment().size() == 2 && b.assignment().size() == 2; }));
  // a gave up exactly the two partitions that moved, and kept consuming the others throughout.
  ASSERT_EQ(la.revoked.size(), 1u);
  EXPECT_EQ(la.revoked[0].size(), 2u);
  for (const auto& tp : la.revoked[0]) EXPECT_TRUE(b.assignment().count(tp));
  for (const auto& tp : a.assignment()) EXPECT_TRUE(before.count(tp));
  EXPECT_TRUE(la.lost.empty());
  EXPECT_TRUE(lb.revoked.empty());
}

TEST_F(ConsumerGroup, PatternSubscriptionPicksUpNewTopics) {
  cluster.create_topic("pat-a", 1);
  kafka_consumer c(cluster.consumer_config({{"group_id", "pattern-group"}, {"metadata_max_age_ms", 300}}));
  c.subscribe(std::regex("pat-.*"));
  ASSERT_TRUE(poll_until({&c}, [&] { return c.assignment() == std::set<topic_partition>{{"pat-a", 0}}; }));
  cluster.create_topic("pat-b", 2);
  cluster.create_topic("other", 1);
  ASSERT_TRUE(poll_until({&c}, [&] { return c.assignment().size() == 3; }));
  EXPECT_EQ(c.subscription(), (std::set<std::string>{"pat-a", "pat-b"}));
}

TEST_F(ConsumerGroup, StaticMemberRejoinsWithoutRebalance) {
  cluster.create_topic("static", 4);
  auto cfg_a = cluster.consumer_config({{"group_id", "static-group"}, {"group_instance_id", "a"}});
  auto cfg_b = cluster.consumer_config({{"group_id", "static-group"}, {"group_instance_id", "b"}});
  listener_log la;
  kafka_consumer a(cfg_a);
  a.subscribe({"static"}, la.listener());
  ASSERT_TRUE(poll_until({&a}, [&] { return a.assignment().size() == 4; }));  // a leads
  auto b = std::make_unique<kafka_consumer>(cfg_b);
  b->subscribe({"static"});
  ASSERT_TRUE(poll_until({&a, b.get()}, [&] { return a.assignment().size() == 2 && b->assignment().size() == 2; }));
  int32_t generation = a.group_metadata().generation_id;
  auto b_partitions = b->assignment();
  size_t a_calls = la.calls();

  b->close();  // a static member sends no LeaveGroup
  b = std::make_unique<kafka_consumer>(cfg_b);
  b->subscribe({"static"});
  ASSERT_TRUE(poll_until({&a, b.get()}, [&] { return b->assignment().size() == 2; }));
  EXPECT_EQ(b->assignment(), b_partitions);
  EXPECT_EQ(b->group_metadata().generation_id, generation);
  poll_until({&a}, [] { return false; }, 500ms);
  EXPECT_EQ(a.group_metadata().generation_id, generation);
  EXPECT_EQ(la.calls(), a_calls);
}

TEST_F(ConsumerGroup, HeartbeatsKeepAMemberThatDoesNotPoll) {
  cluster.create_topic("alive", 2);
  auto cfg = cluster.consumer_config({{"group_id", "alive-group"},
                                      {"session_timeout_ms", 1000},
                                      {"heartbeat_interval_ms", 200},
                                      {"max_poll_interval_ms", 20000}});
  listener_log la, lb;  // outlives the consumers, whose close() still calls it
  kafka_consumer a(cfg), b(cfg);
  a.subscribe({"alive"}, la.listener());
  b.subscribe({"alive"}, lb.listener());
  ASSERT_TRUE(poll_until({&a, &b}, [&] { return a.assignment().size() == 1 && b.assignment().size() == 1; }));
  int32_t generation = a.group_metadata().generation_id;
  size_t calls = la.calls() + lb.calls();
  // a does not poll for 2.5 session timeouts; b keeps polling.
  poll_until({&b}, [] { return false; }, 2500ms);
  a.poll(100);
  EXPECT_EQ(a.group_metadata().generation_id, generation);
  EXPECT_EQ(b.group_metadata().generation_id, generation);
  EXPECT_EQ(la.calls() + lb.calls(), calls);
  EXPECT_EQ(a.assignment().size(), 1u);
}

TEST_F(ConsumerGroup, MissingMaxPollIntervalLeavesTheGroup) {
  cluster.create_topic("slow", 2);
  auto cfg = cluster.consumer_config({{"group_id", "slow-group"}, {"max_poll_interval_ms", 1500}});
  listener_log la;
  kafka_consumer a(cfg), b(cfg);
  a.subscribe({"slow"}, la.listener());
  b.subscribe({"slow"});
  ASSERT_TRUE(poll_until({&a, &b}, [&] { return a.assignment().size() == 1 && b.assignment().size() == 1; }));
  // a stalls: after 1.5 s its I/O thread leaves the group and b takes over everything.
  ASSERT_TRUE(poll_until({&b}, [&] { return b.assignment().size() == 2; }, 10s));
  EXPECT_THROW(a.commit(), commit_failed_error);
  // Back in poll(), a learns its partitions are lost, and rejoins.
  ASSERT_TRUE(poll_until({&a, &b}, [&] { return a.assignment().size() == 1 && b.assignment().size() == 1; }));
  ASSERT_EQ(la.lost.size(), 1u);
  EXPECT_EQ(la.lost[0].size(), 1u);
}

TEST_F(ConsumerGroup, CommittedOffsetsSurviveAConsumerRestart) {
  cluster.create_topic("resume", 1);
  cluster.produce_values("resume", 0, 30);
  auto cfg = cluster.consumer_config(
      {{"group_id", "resume-group"}, {"auto_offset_reset", "earliest"}, {"max_poll_records", 10}});
  {
    kafka_consumer c(cfg, {"resume"});
    size_t got = 0;
    ASSERT_TRUE(poll_until({&c}, [&] { return got >= 10; }, 15s, [&](size_t, poll_result& r) { got += count(r); }));
    EXPECT_EQ(got, 10u);
    // close() commits the position (enable_auto_commit).
  }
  kafka_consumer c(cfg, {"resume"});
  std::vector<int64_t> offsets;
  ASSERT_TRUE(poll_until({&c}, [&] { return !offsets.empty(); }, 15s, [&](size_t, poll_result& r) {
    for (auto& [tp, list] : r)
      for (auto& rec : list) offsets.push_back(rec.offset);
  }));
  EXPECT_EQ(offsets.front(), 10);
}

TEST_F(ConsumerGroup, ConsumptionResumesAfterABrokerRestart) {
  cluster.create_topic("restart", 2);
  for (int p = 0; p < 2; ++p) cluster.produce_values("restart", p, 50);
  kafka_consumer c(cluster.consumer_config(
      {{"group_id", "restart-group"}, {"auto_offset_reset", "earliest"}, {"max_poll_records", 20},
       {"reconnect_backoff_max_ms", 200}}));
  c.subscribe({"restart"});
  std::set<std::pair<int32_t, int64_t>> seen;
  auto record = [&](size_t, poll_result& r) {
    for (auto& [tp, list] : r)
      for (auto& rec : list) seen.insert({tp.partition, rec.offset});
  };
  ASSERT_TRUE(poll_until({&c}, [&] { return seen.size() >= 40; }, 15s, record));
  c.commit();
  ASSERT_TRUE(cluster.restart());
  for (int p = 0; p < 2; ++p) cluster.produce_values("restart", p, 50, "after");
  ASSERT_TRUE(poll_until({&c}, [&] { return seen.size() == 200; }, 30s, record));
  EXPECT_EQ(c.assignment().size(), 2u);
}

}  // namespace
}  // namespace gregor::consumer_test
