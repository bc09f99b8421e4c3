// Bad input never crashes the broker, and acknowledged data survives restarts and kill -9.
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <random>
#include <thread>

#include "integration/test_helpers.h"

namespace gregor::testing {
namespace {

// The values of topic-partition from offset 0, fetched until `count` arrived or a fetch brings
// nothing more.
std::vector<std::string> read_values(kafka_client& c, const std::string& topic, int32_t partition, size_t count) {
  std::vector<std::string> got;
  while (got.size() < count) {
    auto resp = c.call<fetch_response>(fetch_one(topic, partition, static_cast<int64_t>(got.size())), 11);
    if (!resp) break;
    auto values = fetched_values(*resp, static_cast<int64_t>(got.size()));
    if (values.empty()) break;
    got.insert(got.end(), values.begin(), values.end());
  }
  return got;
}

class BrokerRobustness : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(broker_.start()); }
  // The broker still answers a fresh connection.
  void expect_still_serving() {
    kafka_client c;
    ASSERT_TRUE(c.connect(broker_.port()));
    EXPECT_TRUE(c.call<api_versions_response>(api_versions_request{}, 0).has_value());
  }
  broker_process broker_;
};

TEST_F(BrokerRobustness, OversizedFrameClosesTheConnection) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  ASSERT_TRUE(c.send_raw({0x7f, 0xff, 0xff, 0xff, 0x00, 0x12}));
  EXPECT_TRUE(c.peer_closed());
  expect_still_serving();
}

TEST_F(BrokerRobustness, NegativeAndTinyFrameSizesCloseTheConnection) {
  for (std::vector<uint8_t> bytes : {std::vector<uint8_t>{0xff, 0xff, 0xff, 0xfe}, std::vector<uint8_t>{0, 0, 0, 2, 0, 18}}) {
    kafka_client c;
    ASSERT_TRUE(c.connect(broker_.port()));
    ASSERT_TRUE(c.send_raw(bytes));
    EXPECT_TRUE(c.peer_closed());
  }
  expect_still_serving();
}

TEST_F(BrokerRobustness, UnknownApiKeyOrVersionClosesTheConnection) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  auto frame = kafka_client::frame(metadata_request{}, 1, 1);
  frame[4] = 0x01;  // api key 256+3
  ASSERT_TRUE(c.send_raw(frame));
  EXPECT_TRUE(c.peer_closed());

  kafka_client d;
  ASSERT_TRUE(d.connect(broker_.port()));
  auto v99 = kafka_client::frame(metadata_request{}, 1, 1);
  v99[7] = 99;
  ASSERT_TRUE(d.send_raw(v99));
  EXPECT_TRUE(d.peer_closed());
  expect_still_serving();
}

TEST_F(BrokerRobustness, RandomGarbageFramesNeverCrashTheBroker) {
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    kafka_client c;
    ASSERT_TRUE(c.connect(broker_.port()));
    size_t n = 10 + rng() % 200;
    std::vector<uint8_t> frame(4 + n);
    frame[0] = 0;
    frame[1] = 0;
    frame[2] = static_cast<uint8_t>(n >> 8);
    frame[3] = static_cast<uint8_t>(n);
    for (size_t j = 4; j < frame.size(); ++j) frame[j] = static_cast<uint8_t>(rng());
    // A valid key and version with a garbage body exercises the decoders.
    frame[4] = 0;
    frame[5] = static_cast<uint8_t>(rng() % 20);
    frame[6] = 0;
    frame[7] = static_cast<uint8_t>(rng() % 12);
    c.send_raw(frame);
    c.read_frame(std::chrono::milliseconds(200));
  }
  expect_still_serving();
}

TEST_F(BrokerRobustness, TruncatedRequestBodyClosesTheConnection) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  auto frame = kafka_client::frame(produce_one("t", 0, make_batch({"a"})), 9, 1);
  frame.resize(frame.size() - 20);
  uint32_t size = static_cast<uint32_t>(frame.size() - 4);
  frame[0] = static_cast<uint8_t>(size >> 24);
  frame[1] = static_cast<uint8_t>(size >> 16);
  frame[2] = static_cast<uint8_t>(size >> 8);
  frame[3] = static_cast<uint8_t>(size);
  ASSERT_TRUE(c.send_raw(frame));
  EXPECT_TRUE(c.peer_closed());
  expect_still_serving();
}

TEST_F(BrokerRobustness, CorruptBatchesGetKafkasErrorCodes) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  ASSERT_TRUE(create_topic(c, "bad", 1, {{"max.message.bytes", "2000"}}));
  auto crc_broken = make_batch({"a", "b"});
  crc_broken.back() ^= 0xff;
  EXPECT_EQ(produce(c, "bad", 0, crc_broken).first, 2);  // CORRUPT_MESSAGE

  auto count_broken = make_batch({"a", "b"});
  count_broken[60] = 3;  // records_count low byte: 3 != lastOffsetDelta + 1
  records::seal_batch(count_broken.data(), count_broken.size());
  EXPECT_EQ(produce(c, "bad", 0, count_broken).first, 87);  // INVALID_RECORD

  EXPECT_EQ(produce(c, "bad", 0, make_batch({std::string(3000, 'x')})).first, 10);  // MESSAGE_TOO_LARGE
  EXPECT_EQ(produce(c, "missing", 0, make_batch({"a"})).first, 3);  // UNKNOWN_TOPIC_OR_PARTITION
  EXPECT_EQ(produce(c, "bad", 0, make_batch({"a"}), 5).first, 21);  // INVALID_REQUIRED_ACKS
  EXPECT_EQ(list_offset(c, "bad", 0, -1), 0) << "nothing was appended";
  EXPECT_EQ(produce(c, "bad", 0, make_batch({"ok"})).first, 0);
}

TEST_F(BrokerRobustness, InvalidTopicNamesAndConfigsAreRefused) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  create_topics_request req;
  for (const std::string& name : std::vector<std::string>{"", "bad name", std::string(250, 'a'), "..", "ok-name"}) {
    auto& t = req.topics.emplace_back();
    t.name = name;
    t.num_partitions = 1;
    t.replication_factor = 1;
  }
  auto& bad_cfg = req.topics.emplace_back();
  bad_cfg.name = "bad-config";
  bad_cfg.num_partitions = 1;
  bad_cfg.replication_factor = 1;
  bad_cfg.configs.push_back({"retention.ms", "soon"});
  auto& bad_rf = req.topics.emplace_back();
  bad_rf.name = "bad-rf";
  bad_rf.num_partitions = 1;
  bad_rf.replication_factor = 3;
  auto resp = c.call<create_topics_response>(req, 7);
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->topics.size(), 7u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(resp->topics[i].error_code, 17) << "topic " << i;  // INVALID_TOPIC_EXCEPTION
  EXPECT_EQ(resp->topics[4].error_code, 0);
  EXPECT_EQ(resp->topics[5].error_code, 40);  // INVALID_CONFIG
  EXPECT_EQ(resp->topics[6].error_code, 38);  // INVALID_REPLICATION_FACTOR
  auto again = c.call<create_topics_response>(req, 7);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->topics[4].error_code, 36);  // TOPIC_ALREADY_EXISTS
}

TEST_F(BrokerRobustness, AcknowledgedRecordsSurviveCleanRestartAndKill9) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  ASSERT_TRUE(create_topic(c, "durable", 1, {{"retention.ms", "3600000"}}));
  std::vector<std::string> expected;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20; ++i) {
      std::string v = "r" + std::to_string(round) + "-" + std::to_string(i);
      auto [err, offset] = produce(c, "durable", 0, make_batch({v}), -1);
      ASSERT_EQ(err, 0);
      ASSERT_EQ(offset, static_cast<int64_t>(expected.size()));
      expected.push_back(v);
    }
    if (round == 0) {
      ASSERT_TRUE(broker_.restart());
    }
    if (round == 1) {
      broker_.kill();
      ASSERT_TRUE(broker_.start());
    }
    ASSERT_TRUE(c.connect(broker_.port()));
    std::vector<std::string> got = read_values(c, "durable", 0, expected.size());
    EXPECT_EQ(got, expected) << "after round " << round;
  }
  // The topic config survived too.
  describe_configs_request dreq;
  dreq.resources.push_back({2, "durable", std::vector<std::string>{"retention.ms"}});
  auto desc = c.call<describe_configs_response>(dreq, 4);
  ASSERT_TRUE(desc);
  ASSERT_EQ(desc->results[0].configs.size(), 1u);
  EXPECT_EQ(desc->results[0].configs[0].value, "3600000");
  EXPECT_EQ(desc->results[0].configs[0].config_source, 1);  // DYNAMIC_TOPIC_CONFIG
}

// The recovery point a log dir's recovery-point-offset-checkpoint holds for topic-partition.
std::optional<int64_t> checkpointed_recovery_point(const std::filesystem::path& dir, const std::string& topic,
                                                   int32_t partition) {
  std::ifstream in(dir / "recovery-point-offset-checkpoint");
  int version = 0, count = 0;
  if (!(in >> version >> count)) return std::nullopt;
  std::string t;
  int32_t p = 0;
  int64_t offset = 0;
  while (in >> t >> p >> offset) {
    if (t == topic && p == partition) return offset;
  }
  return std::nullopt;
}

// As Kafka does, a segment is flushed once it rolls and the recovery point is checkpointed then
// (not only every log.flush.offset.checkpoint.interval.ms), so after kill -9 only the active
// segment is re-read; everything acknowledged with acks=1 is still there.
TEST_F(BrokerRobustness, RolledSegmentsAreFlushedAndCheckpointedBeforeACrash) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  ASSERT_TRUE(create_topic(c, "rolling", 1, {{"segment.bytes", "4096"}}));
  std::vector<std::string> expected;
  for (int i = 0; i < 40; ++i) {  // ~500 bytes a batch: a roll every 8 batches
    std::string v = std::to_string(i) + std::string(400, 'v');
    auto [err, offset] = produce(c, "rolling", 0, make_batch({v}), 1);
    ASSERT_EQ(err, 0);
    expected.push_back(v);
  }
  std::set<int64_t> bases;
  for (const auto& e : std::filesystem::directory_iterator(broker_.data_dir() / "rolling-0")) {
    if (e.path().extension() == ".log") bases.insert(std::stoll(e.path().stem().string()));
  }
  ASSERT_GE(bases.size(), 4u);
  const int64_t active_base = *bases.rbegin();
  // The default checkpoint interval is 60 s: only the roll makes the checkpoint appear this soon.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::optional<int64_t> point;
  while (std::chrono::steady_clock::now() < deadline) {
    point = checkpointed_recovery_point(broker_.data_dir(), "rolling", 0);
    if (point && *point >= active_base) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(point.has_value());
  EXPECT_GE(*point, active_base);

  broker_.kill();
  ASSERT_TRUE(broker_.start());
  ASSERT_TRUE(c.connect(broker_.port()));
  EXPECT_EQ(read_values(c, "rolling", 0, expected.size()), expected);
}

TEST_F(BrokerRobustness, SigtermAnswersRequestsInFlightBeforeExiting) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  ASSERT_TRUE(create_topic(c, "draining", 1));
  // A long-poll Fetch (nothing to read, max_wait 1.5 s) is in flight when SIGTERM arrives.
  std::optional<fetch_response> answer;
  auto started = std::chrono::steady_clock::now();
  std::thread poller([&] { answer = c.call<fetch_response>(fetch_one("draining", 0, 0, 1500), 11); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(broker_.stop(), 0);
  poller.join();
  ASSERT_TRUE(answer.has_value()) << "the connection was closed without an answer";
  EXPECT_EQ(answer->responses.at(0).partitions.at(0).error_code, 0);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1400));
}

TEST_F(BrokerRobustness, IdempotentRetriesAreDeduplicatedAcrossRestarts) {
  kafka_client c;
  ASSERT_TRUE(c.connect(broker_.port()));
  ASSERT_TRUE(create_topic(c, "idem", 1));
  auto pid = c.call<init_producer_id_response>(init_producer_id_request{}, 4);
  ASSERT_TRUE(pid);
  ASSERT_EQ(pid->error_code, 0);
  auto batch = [&](int32_t seq, std::string v) {
    records::batch_options o;
    o.producer_id = pid->producer_id;
    o.producer_epoch = pid->producer_epoch;
    o.base_sequence = seq;
    return make_batch({v}, o);
  };
  EXPECT_EQ(produce(c, "idem", 0, batch(0, "a")), result_of(0, 0));
  EXPECT_EQ(produce(c, "idem", 0, batch(1, "b")), result_of(0, 1));
  EXPECT_EQ(produce(c, "idem", 0, batch(1, "b")), result_of(0, 1)) << "duplicate";
  EXPECT_EQ(produce(c, "idem", 0, batch(5, "gap")).first, 45);  // OUT_OF_ORDER_SEQUENCE_NUMBER
  broker_.kill();
  ASSERT_TRUE(broker_.start());
  ASSERT_TRUE(c.connect(broker_.port()));
  EXPECT_EQ(produce(c, "idem", 0, batch(1, "b")), result_of(0, 1)) << "duplicate after crash";
  EXPECT_EQ(produce(c, "idem", 0, batch(2, "c")), result_of(0, 2));
  EXPECT_EQ(list_offset(c, "idem", 0, -1), 3);
}

TEST_F(BrokerRobustness, InvalidServerPropertiesRefuseToStartNamingTheKey) {
  broker_process bad(std::map<std::string, std::string>{{"num.partitions", "lots"}});
  EXPECT_FALSE(bad.start());
}

}  // namespace
}  // namespace gregor::testing
