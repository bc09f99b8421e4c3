// The partitioners' contracts: keyed placement is stable, null keys stick until a batch is sealed,
// round robin cycles, and every implementation survives concurrent senders.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "client/partitioning/default_partitioner.h"
#include "client/partitioning/murmur2.h"
#include "client/partitioning/murmur2_random_partitioner.h"
#include "client/partitioning/partitioner_factory.h"
#include "client/partitioning/round_robin_partitioner.h"

namespace gregor::client {
namespace {

const std::vector<int32_t> all;  // "no availability information"
const std::optional<std::string> null_key;

bool contains(const std::vector<int32_t>& v, int32_t p) { return std::find(v.begin(), v.end(), p) != v.end(); }

TEST(DefaultPartitioner, KeyedRecordsUseMurmur2OverAllPartitions) {
  default_partitioner p;
  for (int i = 0; i < 200; ++i) {
    std::string key = "key-" + std::to_string(i);
    int32_t expected = murmur2_partition(key, 12);
    EXPECT_EQ(p.partition("t", key, 12, all), expected);
    EXPECT_EQ(p.partition("t", key, 12, all), expected) << "same key, same partition";
    // Availability does not move a key: ordering per key beats latency.
    EXPECT_EQ(p.partition("t", key, 12, {0}), expected);
  }
}

TEST(DefaultPartitioner, EmptyKeyIsHashedNotSticky) {
  default_partitioner p;
  EXPECT_EQ(p.partition("t", std::string(), 50, all), murmur2_partition("", 50));
}

TEST(DefaultPartitioner, NullKeysStickUntilTheBatchIsSealed) {
  default_partitioner p;
  int32_t first = p.partition("t", null_key, 8, all);
  ASSERT_GE(first, 0);
  ASSERT_LT(first, 8);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(p.partition("t", null_key, 8, all), first);

  p.on_new_batch("t", first);
  int32_t second = p.partition("t", null_key, 8, all);
  EXPECT_NE(second, first) << "a new batch moves to another partition when there is one";
  for (int i = 0; i < 100; ++i) EXPECT_EQ(p.partition("t", null_key, 8, all), second);
}

TEST(DefaultPartitioner, NewBatchOfAnotherPartitionDoesNotMoveTheStickyOne) {
  default_partitioner p;
  int32_t sticky = p.partition("t", null_key, 8, all);
  p.on_new_batch("t", (sticky + 1) % 8);   // e.g. a keyed record's batch
  p.on_new_batch("other", sticky);          // another topic
  EXPECT_EQ(p.partition("t", null_key, 8, all), sticky);
}

TEST(DefaultPartitioner, TopicsStickIndependently) {
  default_partitioner p;
  int32_t a = p.partition("a", null_key, 1000, all);
  int32_t b = p.partition("b", null_key, 1000, all);
  p.on_new_batch("a", a);
  EXPECT_NE(p.partition("a", null_key, 1000, all), a);
  EXPECT_EQ(p.partition("b", null_key, 1000, all), b);
}

TEST(DefaultPartitioner, StickyPartitionStaysInTheAvailableSet) {
  default_partitioner p;
  const std::vector<int32_t> available{1, 4, 6};
  std::set<int32_t> seen;
  int32_t current = p.partition("t", null_key, 8, available);
  for (int round = 0; round < 300; ++round) {
    EXPECT_TRUE(contains(available, current)) << current;
    seen.insert(current);
    p.on_new_batch("t", current);
    int32_t next = p.partition("t", null_key, 8, available);
    EXPECT_NE(next, current);
    current = next;
  }
  EXPECT_EQ(seen, (std::set<int32_t>{1, 4, 6})) << "every available partition gets its turn";
}

TEST(DefaultPartitioner, StickyPartitionThatLosesItsLeaderIsReplaced) {
  default_partitioner p;
  int32_t sticky = p.partition("t", null_key, 4, all);
  std::vector<int32_t> without;
  for (int32_t i = 0; i < 4; ++i)
    if (i != sticky) without.push_back(i);
  int32_t moved = p.partition("t", null_key, 4, without);
  EXPECT_TRUE(contains(without, moved));
  EXPECT_EQ(p.partition("t", null_key, 4, without), moved);
}

TEST(DefaultPartitioner, SinglePartitionStaysPut) {
  default_partitioner p;
  EXPECT_EQ(p.partition("t", null_key, 1, all), 0);
  p.on_new_batch("t", 0);
  EXPECT_EQ(p.partition("t", null_key, 1, all), 0);
  // One available partition among many: no choice either.
  EXPECT_EQ(p.partition("u", null_key, 5, {3}), 3);
  p.on_new_batch("u", 3);
  EXPECT_EQ(p.partition("u", null_key, 5, {3}), 3);
}

TEST(RoundRobinPartitioner, CyclesOverAllPartitions) {
  round_robin_partitioner p;
  for (int round = 0; round < 3; ++round)
    for (int32_t i = 0; i < 5; ++i) EXPECT_EQ(p.partition("t", null_key, 5, all), i);
}

TEST(RoundRobinPartitioner, CyclesOverAvailablePartitionsAndIgnoresKeys) {
  round_robin_partitioner p;
  const std::vector<int32_t> available{2, 3, 7};
  std::vector<int32_t> got;
  for (int i = 0; i < 6; ++i) got.push_back(p.partition("t", std::string("same-key"), 8, available));
  EXPECT_EQ(got, (std::vector<int32_t>{2, 3, 7, 2, 3, 7}));
}

TEST(RoundRobinPartitioner, CountsPerTopic) {
  round_robin_partitioner p;
  EXPECT_EQ(p.partition("a", null_key, 3, all), 0);
  EXPECT_EQ(p.partition("a", null_key, 3, all), 1);
  EXPECT_EQ(p.partition("b", null_key, 3, all), 0);
  p.on_new_batch("a", 1);  // must not skip a partition
  EXPECT_EQ(p.partition("a", null_key, 3, all), 2);
}

TEST(Murmur2RandomPartitioner, HashesKeysAndSpreadsNullKeys) {
  murmur2_random_partitioner p;
  EXPECT_EQ(p.partition("t", std::string("foobar"), 7, all), murmur2_partition("foobar", 7));
  std::set<int32_t> seen;
  for (int i = 0; i < 500; ++i) {
    int32_t got = p.partition("t", null_key, 8, {0, 5});
    EXPECT_TRUE(got == 0 || got == 5);
    seen.insert(got);
  }
  EXPECT_EQ(seen.size(), 2u);
}

TEST(PartitionerFactory, KnowsTheConfiguredNames) {
  for (auto name : {"default", "murmur2", "sticky"})
    EXPECT_NE(dynamic_cast<default_partitioner*>(make_partitioner(name).get()), nullptr) << name;
  for (auto name : {"round_robin", "roundrobin"})
    EXPECT_NE(dynamic_cast<round_robin_partitioner*>(make_partitioner(name).get()), nullptr) << name;
  EXPECT_NE(dynamic_cast<murmur2_random_partitioner*>(make_partitioner("murmur2_random").get()), nullptr);
  EXPECT_EQ(make_partitioner("consistent_random"), nullptr);
  EXPECT_EQ(make_partitioner(""), nullptr);
}

// Many senders at once: every answer is in range, and round robin hands out exactly equal shares
// (a lost counter update would skew them).
TEST(Partitioners, SurviveConcurrentSenders) {
  constexpr int threads = 8;
  constexpr int per_thread = 20000;
  constexpr int32_t partitions = 16;
  for (auto name : {"default", "round_robin", "murmur2_random"}) {
    auto p = make_partitioner(name);
    std::vector<std::atomic<int>> counts(partitions);
    std::atomic<bool> out_of_range{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          std::optional<std::string> key;
          if (i % 3 == 0 && std::string_view(name) != "round_robin") key = std::to_string(t * per_thread + i);
          int32_t got = p->partition("t", key, partitions, all);
          if (got < 0 || got >= partitions) {
            out_of_range = true;
          } else {
            counts[got]++;
          }
          if (i % 50 == 0) p->on_new_batch("t", got);
        }
      });
    }
    for (auto& th : pool) th.join();
    EXPECT_FALSE(out_of_range) << name;
    if (std::string_view(name) == "round_robin") {
      for (auto& c : counts) EXPECT_EQ(c.load(), threads * per_thread / partitions);
    }
  }
}

}  // namespace
}  // namespace gregor::client
