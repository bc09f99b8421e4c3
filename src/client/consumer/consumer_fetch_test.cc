// kafka_consumer against the real broker, without group rebalancing: assign, seek, poll, resets,
// pause/resume, offset lookups, commits and iteration.
#include <gtest/gtest.h>

#include "client/consumer/consumer_test_support.h"

namespace gregor::consumer_test {
namespace {

class ConsumerFetch : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(cluster.start()); }

  // Polls until `n` records came (or 10 s passed).
  std::vector<consumer_record> take(kafka_consumer& c, size_t n) {
    std::vector<consumer_record> out;
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
      for (auto& [tp, records] : c.poll(100)) {
        for (auto& r : records) out.push_back(std::move(r));
      }
    }
    return out;
  }

  test_cluster cluster;
};

TEST_F(ConsumerFetch, AssignSeekAndPollEveryCodec) {
  cluster.create_topic("codecs", 1);
  using records::compression;
  std::vector<compression> codecs{compression::none, compression::gzip, compression::snappy, compression::lz4,
                                  compression::zstd};
  int64_t ts = 1700000000000;
  for (size_t c = 0; c < codecs.size(); ++c) {
    std::vector<produced_record> batch;
    for (int i = 0; i < 10; ++i) {
      int n = static_cast<int>(c) * 10 + i;
      produced_record r{"key-" + std::to_string(n), "value-" + std::to_string(n), ts + n, {{"idx", std::to_string(n)}}};
      if (n % 7 == 0) r.key.reset();
      batch.push_back(std::move(r));
    }
    cluster.produce("codecs", 0, batch, codecs[c]);
  }
  kafka_consumer consumer(cluster.consumer_config());
  topic_partition tp{"codecs", 0};
  consumer.assign({tp});
  EXPECT_EQ(consumer.assignment(), std::set<topic_partition>{tp});
  consumer.seek(tp, 0);
  auto got = take(consumer, 50);
  ASSERT_EQ(got.size(), 50u);
  for (int n = 0; n < 50; ++n) {
    const auto& r = got[n];
    EXPECT_EQ(r.offset, n);
    EXPECT_EQ(r.value, "value-" + std::to_string(n));
    if (n % 7 == 0) {
      EXPECT_FALSE(r.key);
      EXPECT_EQ(r.serialized_key_size, -1);
    } else {
      EXPECT_EQ(r.key, "key-" + std::to_string(n));
    }
    EXPECT_EQ(r.timestamp, ts + n);
    EXPECT_EQ(r.ts_type, timestamp_type::create_time);
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].value, std::to_string(n));
  }
  EXPECT_EQ(consumer.position(tp), 50);
  consumer.seek(tp, 23);
  auto again = take(consumer, 1);
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again[0].offset, 23);
  EXPECT_EQ(consumer.highwater(tp), 50);
  auto m = consumer.metrics();
  EXPECT_GE(m["records-consumed-total"], 51);
  EXPECT_GT(m["bytes-consumed-total"], 50 * 10);
  EXPECT_GE(m["fetch-total"], 1);
}

// Partition 0 runs dry long before partition 1. A fetch of partition 0 alone would long-poll for
// fetch_max_wait_ms and hold up partition 1's fetches behind it; the fetcher waits for partition 1
// instead (fetcher.h), so consuming everything takes nowhere near fetch_max_wait_ms.
TEST_F(ConsumerFetch, APartitionThatRunsDryDoesNotStallTheOthers) {
  cluster.create_topic("uneven", 2);
  cluster.produce_values("uneven", 0, 5, "a");
  for (int b = 0; b < 20; ++b) cluster.produce_values("uneven", 1, 10, "b" + std::to_string(b) + "-");
  // One ~260-byte batch per partition per fetch.
  kafka_consumer consumer(cluster.consumer_config({{"fetch_max_wait_ms", 5000}, {"max_partition_fetch_bytes", 300}}));
  consumer.assign({{"uneven", 0}, {"uneven", 1}});
  consumer.seek_to_beginning();
  std::this_thread::sleep_for(300ms);  // the fetcher fills its buffers before the first poll
  auto started = std::chrono::steady_clock::now();
  auto got = take(consumer, 205);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(got.size(), 205u);
  EXPECT_LT(elapsed, 2s);
}

TEST_F(ConsumerFetch, AutoOffsetResetEarliestLatestAndNone) {
  cluster.create_topic("reset", 1);
  cluster.produce_values("reset", 0, 10);
  topic_partition tp{"reset", 0};
  {
    kafka_consumer c(cluster.consumer_config({{"auto_offset_reset", "earliest"}}));
    c.assign({tp});
    auto got = take(c, 1);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got[0].offset, 0);
    // Out of range: back to the earliest offset.
    c.seek(tp, 1000);
    auto reset = take(c, 1);
    ASSERT_FALSE(reset.empty());
    EXPECT_EQ(reset[0].offset, 0);
  }
  {
    kafka_consumer c(cluster.consumer_config({{"auto_offset_reset", "latest"}}));
    c.assign({tp});
    EXPECT_EQ(c.position(tp), 10);
    EXPECT_TRUE(c.poll(200).empty());
    cluster.produce_values("reset", 0, 1, "late");
    auto got = take(c, 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].offset, 10);
    EXPECT_EQ(got[0].value, "late0");
  }
  {
    kafka_consumer c(cluster.consumer_config({{"auto_offset_reset", "none"}}));
    c.assign({tp});
    try {
      for (int i = 0; i < 50; ++i) c.poll(100);
      FAIL() << "poll() should raise OFFSET_OUT_OF_RANGE";
    } catch (const kafka_error& e) {
      EXPECT_EQ(e.code(), error_code::offset_out_of_range);
    }
    c.seek(tp, 5);
    auto got = take(c, 1);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got[0].offset, 5);
  }
}

TEST_F(ConsumerFetch, PauseAndResume) {
  cluster.create_topic("pause", 2);
  cluster.produce_values("pause", 0, 5);
  cluster.produce_values("pause", 1, 5);
  topic_partition p0{"pause", 0}, p1{"pause", 1};
  kafka_consumer c(cluster.consumer_config({{"auto_offset_reset", "earliest"}}));
  c.assign({p0, p1});
  c.pause({p0});
  EXPECT_EQ(c.paused(), std::set<topic_partition>{p0});
  auto got = take(c, 5);
  EXPECT_EQ(got.size(), 5u);
  for (const auto& r : got) EXPECT_EQ(r.partition, 1);
  EXPECT_TRUE(c.poll(300).empty());
  c.resume({p0});
  auto rest = take(c, 5);
  ASSERT_EQ(rest.size(), 5u);
  for (const auto& r : rest) EXPECT_EQ(r.partition, 0);
}

TEST_F(ConsumerFetch, OffsetLookupsAndTopicMetadata) {
  cluster.create_topic("times", 2);
  std::vector<produced_record> records;
  for (int i = 0; i < 10; ++i) records.push_back({std::nullopt, "v", 1700000000000 + 1000 * i});
  cluster.produce("times", 0, records);
  topic_partition p0{"times", 0}, p1{"times", 1};
  kafka_consumer c(cluster.consumer_config());
  EXPECT_EQ(c.beginning_offsets({p0, p1}), (std::map<topic_partition, int64_t>{{p0, 0}, {p1, 0}}));
  EXPECT_EQ(c.end_offsets({p0, p1}), (std::map<topic_partition, int64_t>{{p0, 10}, {p1, 0}}));
  auto found = c.offsets_for_times({{p0, 1700000004500}, {p1, 0}});
  ASSERT_TRUE(found[p0]);
  EXPECT_EQ(found[p0]->offset, 5);
  EXPECT_EQ(found[p0]->timestamp, 1700000005000);
  EXPECT_FALSE(found[p1]);
  EXPECT_FALSE(c.offsets_for_times({{p0, 1800000000000}})[p0]);
  EXPECT_EQ(c.partitions_for_topic("times"), (std::set<int32_t>{0, 1}));
  EXPECT_FALSE(c.partitions_for_topic("no-such-topic"));
  EXPECT_TRUE(c.topics().count("times"));
}

TEST_F(ConsumerFetch, PositionCommitCommittedAndCommitAsync) {
  cluster.create_topic("commits", 1);
  cluster.produce_values("commits", 0, 20);
  topic_partition tp{"commits", 0};
  kafka_consumer c(cluster.consumer_config(
      {{"group_id", "commit-group"}, {"enable_auto_commit", false}, {"auto_offset_reset", "earliest"}}));
  c.assign({tp});
  EXPECT_FALSE(c.committed(tp));
  EXPECT_EQ(c.position(tp), 0);
  auto got = c.poll(5000, 10);
  ASSERT_EQ(count(got), 10u);
  EXPECT_EQ(c.position(tp), 10);
  c.commit();
  ASSERT_TRUE(c.committed(tp));
  EXPECT_EQ(c.committed(tp)->offset, 10);
  c.commit({{tp, offset_and_metadata{3, "meta", -1}}});
  EXPECT_EQ(c.committed(tp)->offset, 3);
  EXPECT_EQ(c.committed(tp)->metadata, "meta");

  bool called = false;
  std::exception_ptr error;
  c.commit_async([&](const std::map<topic_partition, offset_and_metadata>& offsets, std::exception_ptr e) {
    called = true;
    error = e;
    EXPECT_EQ(offsets.at(tp).offset, 10);
  });
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!called && std::chrono::steady_clock::now() < deadline) c.poll(50);
  EXPECT_TRUE(called);
  EXPECT_FALSE(error);
  EXPECT_EQ(c.committed(tp)->offset, 10);

  // A new consumer of the group starts from the committed offset.
  c.close();
  EXPECT_THROW(c.poll(0), illegal_state_error);
  kafka_consumer next(cluster.consumer_config({{"group_id", "commit-group"}, {"auto_offset_reset", "earliest"}}));
  next.assign({tp});
  EXPECT_EQ(next.position(tp), 10);
}

TEST_F(ConsumerFetch, IterationEndsAfterConsumerTimeout) {
  cluster.create_topic("iter", 1);
  cluster.produce_values("iter", 0, 300);
  kafka_consumer c(cluster.consumer_config({{"consumer_timeout_ms", 500}, {"auto_offset_reset", "earliest"}}));
  c.assign({{"iter", 0}});
  int64_t expected = 0;
  auto started = std::chrono::steady_clock::now();
  for (auto& record : c) {
    EXPECT_EQ(record.offset, expected++);
    if (record.offset == 149) c.seek({"iter", 0}, 150);  // a seek inside the loop is honoured
  }
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(expected, 300);
  EXPECT_GE(took, 500ms);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(c.position({"iter", 0}), 300);
}

TEST_F(ConsumerFetch, TypedConsumerDeserializesAndStopsAtBadRecords) {
  cluster.create_topic("typed", 1);
  cluster.produce("typed", 0, {{"a", "1"}, {"b", "2"}, {"c", "oops"}, {"d", "4"}});
  auto to_int = [](const std::string&, const std::optional<bytes>& data) -> std::optional<int> {
    if (!data) return std::nullopt;
    return std::stoi(*data);  // throws std::invalid_argument for "oops"
  };
  consumer<std::string, int> c(cluster.consumer_config({{"auto_offset_reset", "earliest"}}), string_deserializer, to_int);
  c.assign({{"typed", 0}});
  auto first = c.next_record();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->key, "a");
  EXPECT_EQ(first->value, 1);
  auto second = c.next_record();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->value, 2);
  EXPECT_THROW(c.next_record(), serialization_error);
  EXPECT_EQ(c.position({"typed", 0}), 2);  // still before the bad record
  c.seek({"typed", 0}, 3);
  auto fourth = c.next_record();
  ASSERT_TRUE(fourth);
  EXPECT_EQ(fourth->value, 4);
}

TEST_F(ConsumerFetch, RejectsUnknownSettingsAndMisuse) {
  EXPECT_THROW(kafka_consumer(cluster.consumer_config({{"no_such_setting", 1}})), config_error);
  kafka_consumer c(cluster.consumer_config());
  EXPECT_THROW(c.poll(0), illegal_state_error);
  EXPECT_THROW(c.commit(), illegal_state_error);  // no group_id
  c.assign({{"x", 0}});
  EXPECT_THROW(c.subscribe(std::vector<std::string>{"x"}), illegal_state_error);
  EXPECT_THROW(c.seek({"y", 0}, 1), illegal_state_error);
}

}  // namespace
}  // namespace gregor::consumer_test
