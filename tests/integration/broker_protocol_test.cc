// The broker over the wire: ApiVersions negotiation, metadata, produce/fetch round trips,
// long-polling, acks=0, ListOffsets, DeleteRecords, fetch sessions.
#include <chrono>
#include <thread>

#include "integration/test_helpers.h"

namespace gregor::testing {
namespace {

class BrokerProtocol : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    ASSERT_TRUE(client_.connect(broker_.port()));
  }
  broker_process broker_;
  kafka_client client_;
};

TEST_F(BrokerProtocol, ApiVersionsAdvertisesKafka39RangesAtEveryRequestVersion) {
  for (int16_t v : {0, 1, 2, 3, 4}) {
    api_versions_request req;
    req.client_software_name = "gregor-test";
    req.client_software_version = "1.0";
    auto resp = client_.call<api_versions_response>(req, v);
    ASSERT_TRUE(resp) << "v" << v;
    EXPECT_EQ(resp->error_code, 0);
    std::map<int16_t, std::pair<int16_t, int16_t>> ranges;
    for (auto& k : resp->api_keys) ranges[k.api_key] = {k.min_version, k.max_version};
    EXPECT_EQ(ranges[0], range(0, 11));  // Produce
    EXPECT_EQ(ranges[1], range(0, 17));  // Fetch
    EXPECT_EQ(ranges[3], range(0, 12));  // Metadata
    EXPECT_EQ(ranges[18], range(0, 4));  // ApiVersions
    // The group coordinator's APIs, from v0 (librdkafka disables groups otherwise).
    EXPECT_EQ(ranges[8], range(0, 9));   // OffsetCommit
    EXPECT_EQ(ranges[9], range(0, 9));   // OffsetFetch
    EXPECT_EQ(ranges[10], range(0, 6));  // FindCoordinator
    EXPECT_EQ(ranges[11], range(0, 9));  // JoinGroup
    EXPECT_EQ(ranges[12], range(0, 4));  // Heartbeat
    EXPECT_EQ(ranges[13], range(0, 5));  // LeaveGroup
    EXPECT_EQ(ranges[14], range(0, 5));  // SyncGroup
    EXPECT_EQ(ranges[15], range(0, 5));  // DescribeGroups
    EXPECT_EQ(ranges[16], range(0, 5));  // ListGroups
    EXPECT_EQ(ranges[42], range(0, 2));  // DeleteGroups
    EXPECT_EQ(ranges[47], range(0, 0));  // OffsetDelete
    EXPECT_EQ(ranges.count(24), 0u) << "transactions (AddPartitionsToTxn) are not served yet";
  }
}

TEST_F(BrokerProtocol, UnsupportedApiVersionsVersionGetsV0BodyWithError35) {
  api_versions_request req;
  ASSERT_TRUE(client_.send_raw(kafka_client::frame(req, 0, 77)));
  // Patch: resend at version 99 by building the frame by hand.
  auto frame = kafka_client::frame(req, 0, 78);
  frame[6] = 0;
  frame[7] = 99;
  ASSERT_TRUE(client_.read_frame());
  ASSERT_TRUE(client_.send_raw(frame));
  auto bytes = client_.read_frame();
  ASSERT_TRUE(bytes);
  protocol::reader r(shared_bytes::adopt(std::move(*bytes)));
  int32_t correlation = 0;
  ASSERT_TRUE(protocol::read_response_header(r, correlation, false));
  EXPECT_EQ(correlation, 78);
  api_versions_response resp;
  ASSERT_TRUE(protocol::decode(r, resp, 0));
  EXPECT_EQ(resp.error_code, 35);
  ASSERT_EQ(resp.api_keys.size(), 1u);
  EXPECT_EQ(resp.api_keys[0].api_key, 18);
  EXPECT_EQ(resp.api_keys[0].max_version, 4);
}

TEST_F(BrokerProtocol, MetadataNamesThisBrokerAsControllerAndAutoCreatesTopics) {
  metadata_request req;
  req.topics = std::vector<metadata_request::topic>{{uuid{}, std::string("auto-created")}};
  req.allow_auto_topic_creation = true;
  auto resp = client_.call<metadata_response>(req, 12);
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->brokers.size(), 1u);
  EXPECT_EQ(resp->controller_id, resp->brokers[0].node_id);
  EXPECT_EQ(resp->brokers[0].port, broker_.port());
  ASSERT_EQ(resp->topics.size(), 1u);
  EXPECT_EQ(resp->topics[0].error_code, 0);
  EXPECT_FALSE(resp->topics[0].topic_id.is_zero());
  ASSERT_EQ(resp->topics[0].partitions.size(), 1u);
  EXPECT_EQ(resp->topics[0].partitions[0].leader_id, resp->brokers[0].node_id);

  metadata_request no_create;
  no_create.topics = std::vector<metadata_request::topic>{{uuid{}, std::string("not-created")}};
  no_create.allow_auto_topic_creation = false;
  auto r2 = client_.call<metadata_response>(no_create, 12);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->topics[0].error_code, 3);

  // v0: an empty list means all topics.
  metadata_request all;
  all.topics = std::vector<metadata_request::topic>{};
  auto r0 = client_.call<metadata_response>(all, 0);
  ASSERT_TRUE(r0);
  ASSERT_EQ(r0->topics.size(), 1u);
  EXPECT_EQ(r0->topics[0].name, "auto-created");
}

TEST_F(BrokerProtocol, ProduceThenFetchReturnsRecordsWithAssignedOffsets) {
  ASSERT_TRUE(create_topic(client_, "orders", 2));
  auto [e1, o1] = produce(client_, "orders", 1, make_batch({"a", "b", "c"}));
  EXPECT_EQ(e1, 0);
  EXPECT_EQ(o1, 0);
  auto [e2, o2] = produce(client_, "orders", 1, make_batch({"d", "e"}), 1);
  EXPECT_EQ(e2, 0);
  EXPECT_EQ(o2, 3);
  for (int16_t v : {4, 7, 11, 12}) {
    auto resp = client_.call<fetch_response>(fetch_one("orders", 1, 1), v);
    ASSERT_TRUE(resp) << "v" << v;
    EXPECT_EQ(resp->responses[0].partitions[0].high_watermark, 5);
    EXPECT_EQ(fetched_values(*resp, 1), (std::vector<std::string>{"b", "c", "d", "e"})) << "v" << v;
  }
  EXPECT_EQ(list_offset(client_, "orders", 1, -2), 0);
  EXPECT_EQ(list_offset(client_, "orders", 1, -1), 5);
  EXPECT_EQ(list_offset(client_, "orders", 1, 1700000000001), 1);
  EXPECT_EQ(list_offset(client_, "orders", 0, -1), 0);
}

// The batches of one record set, concatenated as a producer sends several in one request.
std::vector<uint8_t> concatenated(const std::vector<std::vector<uint8_t>>& batches) {
  std::vector<uint8_t> out;
  for (const auto& b : batches) out.insert(out.end(), b.begin(), b.end());
  return out;
}

// The headers of the batches a fetch returned (each checked against its CRC).
std::vector<records::batch_header> fetched_headers(const fetch_response& resp) {
  std::vector<records::batch_header> out;
  auto batches = records::split_batches(resp.responses.at(0).partitions.at(0).records.bytes.span());
  EXPECT_TRUE(batches);
  if (!batches) return out;
  for (auto b : *batches) {
    EXPECT_TRUE(records::validate_batch(b, {})) << "batch at offset " << out.size();
    out.push_back(*records::parse_batch_header(b));
  }
  return out;
}

// A topic's compression.type makes the broker recompress the batches that use another codec,
// whatever their place in the record set, and leave the others as they came.
TEST_F(BrokerProtocol, TopicCompressionTypeRecompressesOnlyTheBatchesThatDiffer) {
  ASSERT_TRUE(create_topic(client_, "gz", 1, {{"compression.type", "gzip"}}));
  records::batch_options gzip, lz4;
  gzip.codec = records::compression::gzip;
  lz4.codec = records::compression::lz4;
  auto set = concatenated({make_batch({"a", "b"}, gzip), make_batch({"c"}), make_batch({"d", "e"}, gzip),
                           make_batch({"f"}, lz4)});
  auto [err, offset] = produce(client_, "gz", 0, set);
  ASSERT_EQ(err, 0);
  EXPECT_EQ(offset, 0);
  auto resp = client_.call<fetch_response>(fetch_one("gz", 0, 0), 11);
  ASSERT_TRUE(resp);
  EXPECT_EQ(fetched_values(*resp), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  auto headers = fetched_headers(*resp);
  ASSERT_EQ(headers.size(), 4u);
  int64_t next = 0;
  for (const auto& h : headers) {
    EXPECT_EQ(h.codec(), records::compression::gzip) << "batch at " << h.base_offset;
    EXPECT_EQ(h.base_offset, next);
    next = h.last_offset() + 1;
  }
}

// message.timestamp.type=LogAppendTime: every batch of the record set is stamped with the append
// time, which the response reports, and stays valid (CRC).
TEST_F(BrokerProtocol, LogAppendTimeStampsEveryBatchOfTheRecordSet) {
  ASSERT_TRUE(create_topic(client_, "lat", 1, {{"message.timestamp.type", "LogAppendTime"}}));
  auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  auto req = produce_one("lat", 0, concatenated({make_batch({"x"}), make_batch({"y", "z"})}), 1);
  auto presp = client_.call<produce_response>(req, 9);
  ASSERT_TRUE(presp);
  const auto& pr = presp->responses.at(0).partition_responses.at(0);
  ASSERT_EQ(pr.error_code, 0);
  EXPECT_GE(pr.log_append_time_ms, before);
  auto resp = client_.call<fetch_response>(fetch_one("lat", 0, 0), 11);
  ASSERT_TRUE(resp);
  EXPECT_EQ(fetched_values(*resp), (std::vector<std::string>{"x", "y", "z"}));
  auto headers = fetched_headers(*resp);
  ASSERT_EQ(headers.size(), 2u);
  for (const auto& h : headers) {
    EXPECT_TRUE(h.log_append_time());
    EXPECT_EQ(h.max_timestamp, pr.log_append_time_ms);
  }
}

TEST_F(BrokerProtocol, FetchByTopicIdAtV13) {
  ASSERT_TRUE(create_topic(client_, "by-id", 1));
  produce(client_, "by-id", 0, make_batch({"x"}));
  metadata_request mreq;
  mreq.topics = std::vector<metadata_request::topic>{{uuid{}, std::string("by-id")}};
  auto meta = client_.call<metadata_response>(mreq, 12);
  ASSERT_TRUE(meta);
  auto req = fetch_one("", 0, 0);
  req.topics[0].topic_id = meta->topics[0].topic_id;
  auto resp = client_.call<fetch_response>(req, 13);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->responses[0].topic_id, meta->topics[0].topic_id);
  EXPECT_EQ(fetched_values(*resp), std::vector<std::string>{"x"});
  req.topics[0].topic_id = uuid::random();
  auto unknown = client_.call<fetch_response>(req, 13);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->responses[0].partitions[0].error_code, 100);  // UNKNOWN_TOPIC_ID
}

TEST_F(BrokerProtocol, LongPollingFetchIsWokenByAnAppend) {
  ASSERT_TRUE(create_topic(client_, "poll", 1));
  kafka_client producer;
  ASSERT_TRUE(producer.connect(broker_.port()));
  auto started = std::chrono::steady_clock::now();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    produce(producer, "poll", 0, make_batch({"wake"}), 1);
  });
  auto resp = client_.call<fetch_response>(fetch_one("poll", 0, 0, 5000), 11);
  writer.join();
  auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(resp);
  EXPECT_EQ(fetched_values(*resp), std::vector<std::string>{"wake"});
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_LT(waited, std::chrono::milliseconds(3000)) << "the fetch waited for max_wait_ms instead of the append";

  // With nothing to read the fetch returns empty after max_wait_ms.
  started = std::chrono::steady_clock::now();
  auto empty = client_.call<fetch_response>(fetch_one("poll", 0, 1, 400), 11);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(fetched_values(*empty).empty());
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(350));
}

TEST_F(BrokerProtocol, AcksZeroSendsNoResponseAndLaterResponsesStayInOrder) {
  ASSERT_TRUE(create_topic(client_, "fire", 1));
  ASSERT_TRUE(client_.send_raw(kafka_client::frame(produce_one("fire", 0, make_batch({"a"}), 0), 9, 500)));
  auto resp = client_.call<metadata_response>(metadata_request{}, 9);  // correlation checked by call()
  ASSERT_TRUE(resp);
  EXPECT_EQ(list_offset(client_, "fire", 0, -1), 1);
}

// acks=all produces let the connection read on while they wait for their fsync (group commit
// across pipelined requests); responses must still leave in request order, other requests
// interleaved, with offsets in the order the requests were sent.
TEST_F(BrokerProtocol, PipelinedAcksAllProducesAnswerInRequestOrder) {
  ASSERT_TRUE(create_topic(client_, "pipe", 2));
  std::vector<uint8_t> burst;
  auto add = [&](std::vector<uint8_t> frame) { burst.insert(burst.end(), frame.begin(), frame.end()); };
  add(kafka_client::frame(produce_one("pipe", 0, make_batch({"a0", "a1"}), -1), 9, 100));
  add(kafka_client::frame(produce_one("pipe", 1, make_batch({"b0"}), -1), 9, 101));
  add(kafka_client::frame(metadata_request{}, 9, 102));
  add(kafka_client::frame(produce_one("pipe", 0, make_batch({"c0"}), -1), 9, 103));
  add(kafka_client::frame(produce_one("pipe", 0, make_batch({"d0"}), 1), 9, 104));
  add(kafka_client::frame(produce_one("pipe", 0, make_batch({"e0"}), -1), 9, 105));
  ASSERT_TRUE(client_.send_raw(burst));  // one write: the broker sees them all at once

  std::vector<std::pair<int32_t, int64_t>> answers;  // correlation id, base offset (-1: not a produce)
  for (int i = 0; i < 6; ++i) {
    auto bytes = client_.read_frame();
    ASSERT_TRUE(bytes) << "response " << i;
    protocol::reader r(shared_bytes::adopt(std::move(*bytes)));
    int32_t correlation = 0;
    ASSERT_TRUE(protocol::read_response_header(r, correlation, true));  // v9: flexible headers
    int64_t base_offset = -1;
    if (correlation != 102) {
      produce_response resp;
      ASSERT_TRUE(protocol::decode(r, resp, 9));
      ASSERT_EQ(resp.responses.at(0).partition_responses.at(0).error_code, 0);
      base_offset = resp.responses[0].partition_responses[0].base_offset;
    }
    answers.emplace_back(correlation, base_offset);
  }
  EXPECT_EQ(answers, (std::vector<std::pair<int32_t, int64_t>>{{100, 0}, {101, 0}, {102, -1}, {103, 2}, {104, 3}, {105, 4}}));
  EXPECT_EQ(list_offset(client_, "pipe", 0, -1), 5);
}

TEST_F(BrokerProtocol, FetchOutOfRangeAndUnknownPartition) {
  ASSERT_TRUE(create_topic(client_, "range", 1));
  produce(client_, "range", 0, make_batch({"a"}));
  auto resp = client_.call<fetch_response>(fetch_one("range", 0, 5), 11);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->responses[0].partitions[0].error_code, 1);
  auto unknown = client_.call<fetch_response>(fetch_one("range", 7, 0), 11);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->responses[0].partitions[0].error_code, 3);
}

TEST_F(BrokerProtocol, DeleteRecordsMovesTheLogStartOffset) {
  ASSERT_TRUE(create_topic(client_, "trim", 1));
  produce(client_, "trim", 0, make_batch({"a", "b", "c", "d"}));
  delete_records_request req;
  req.timeout_ms = 1000;
  req.topics.push_back({"trim", {{0, 2}}});
  auto resp = client_.call<delete_records_response>(req, 2);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->topics[0].partitions[0].error_code, 0);
  EXPECT_EQ(resp->topics[0].partitions[0].low_watermark, 2);
  EXPECT_EQ(list_offset(client_, "trim", 0, -2), 2);
  auto below = client_.call<fetch_response>(fetch_one("trim", 0, 0), 11);
  ASSERT_TRUE(below);
  EXPECT_EQ(below->responses[0].partitions[0].error_code, 1);
}

TEST_F(BrokerProtocol, IncrementalFetchSessionSendsOnlyChangedPartitions) {
  ASSERT_TRUE(create_topic(client_, "session", 2));
  produce(client_, "session", 0, make_batch({"a"}));
  fetch_request req = fetch_one("session", 0, 0);
  req.topics[0].partitions.push_back({1, -1, 0, -1, -1, 1 << 20, {}});
  req.session_id = 0;
  req.session_epoch = 0;
  auto first = client_.call<fetch_response>(req, 11);
  ASSERT_TRUE(first);
  ASSERT_NE(first->session_id, 0);
  EXPECT_EQ(first->responses[0].partitions.size(), 2u);

  // Epoch 1: partition 0 moves to offset 1; nothing new anywhere.
  produce(client_, "session", 1, make_batch({"b"}));
  fetch_request next;
  next.session_id = first->session_id;
  next.session_epoch = 1;
  next.max_bytes = 1 << 20;
  next.topics.push_back({"session", {}, {{0, -1, 1, -1, -1, 1 << 20, {}}}});
  auto second = client_.call<fetch_response>(next, 11);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->responses.size(), 1u);
  ASSERT_EQ(second->responses[0].partitions.size(), 1u) << "only partition 1 changed";
  EXPECT_EQ(second->responses[0].partitions[0].partition_index, 1);

  next.session_epoch = 7;
  auto wrong_epoch = client_.call<fetch_response>(next, 11);
  ASSERT_TRUE(wrong_epoch);
  EXPECT_EQ(wrong_epoch->error_code, 71);
}

}  // namespace
}  // namespace gregor::testing
