// The producer against librdkafka's in-process mock cluster, whose error injection reaches the
// paths a healthy broker never takes: leadership errors, a request lost with its connection,
// sequence errors, a broker that forgot our producer id, a broker without InitProducerId, and
// leaders spread over several brokers.
//
// An injected error fails one request without the broker's state noticing, and the mock does not
// reject sequence gaps the way Kafka (and Gregor) do. So where order matters, these tests keep one
// request in flight (or one record outstanding) when an error is injected; pipelined retries
// against a broker that enforces sequences are covered by producer_failure_test's crash test.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "gregor/producer.h"
#include "mock_cluster.h"

namespace gregor {
namespace {

using namespace std::chrono_literals;

mock_cluster& shared_mock() {
  static mock_cluster* cluster = new mock_cluster(3);  // never destroyed: see mock_cluster.h
  return *cluster;
}

config settings_for(const mock_cluster& m,
                    std::initializer_list<std::pair<std::string_view, config_value>> extra = {}) {
  config c{{"bootstrap_servers", m.bootstrap()},
           {"max_block_ms", 10000},
           {"retry_backoff_ms", 20},
           {"request_timeout_ms", 5000},
           {"delivery_timeout_ms", 20000}};
  for (const auto& [k, v] : extra) c.set(k, v);
  return c;
}

// Offsets of a partition's records in send order must be 0, 1, 2, ...
void expect_in_order(std::vector<send_future>& futures) {
  for (size_t i = 0; i < futures.size(); ++i) {
    ASSERT_TRUE(futures[i].wait_for(20s));
    ASSERT_EQ(futures[i].error(), nullptr) << futures[i].error()->what();
    ASSERT_EQ(futures[i].get().offset, static_cast<int64_t>(i));
  }
}

TEST(ProducerMock, LeadershipAndConnectionErrorsAreRetriedInOrder) {
  auto& m = shared_mock();
  m.create_topic("retry", 1);
  kafka_producer producer(
      settings_for(m, {{"linger_ms", 2}, {"batch_size", 200}, {"max_in_flight_requests_per_connection", 1}}));
  producer.partitions_for("retry");
  // The first requests fail: a moved leader, a leader election, a dropped connection.
  m.fail_produce({RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
                  RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION});
  std::vector<send_future> futures;
  for (int i = 0; i < 200; ++i)
    futures.push_back(producer.send("retry", "value-" + std::to_string(i), std::nullopt, 0));
  producer.flush(20000ms);
  expect_in_order(futures);
  EXPECT_GT(producer.metrics().record_retries, 0);
}

TEST(ProducerMock, OrderHoldsWithoutIdempotenceAtOneRequestInFlight) {
  auto& m = shared_mock();
  m.create_topic("one-in-flight", 1);
  kafka_producer producer(settings_for(
      m, {{"acks", 1}, {"max_in_flight_requests_per_connection", 1}, {"linger_ms", 1}, {"batch_size", 200}}));
  EXPECT_FALSE(producer.idempotent());
  producer.partitions_for("one-in-flight");
  m.fail_produce({RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                  RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
  std::vector<send_future> futures;
  for (int i = 0; i < 100; ++i) futures.push_back(producer.send("one-in-flight", std::to_string(i), std::nullopt, 0));
  producer.flush(20000ms);
  expect_in_order(futures);
}

TEST(ProducerMock, NonRetriableErrorsFailTheBatchAtOnce) {
  auto& m = shared_mock();
  m.create_topic("fatal", 1);
  kafka_producer producer(settings_for(m, {{"acks", 1}}));
  producer.partitions_for("fatal");
  m.fail_produce({RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE});
  auto f = producer.send("fatal", "x", std::nullopt, 0);
  ASSERT_TRUE(f.wait_for(5s));
  ASSERT_NE(f.error(), nullptr);
  EXPECT_EQ(f.error()->code(), error_code::message_too_large);
  EXPECT_EQ(producer.send("fatal", "y", std::nullopt, 0).get().offset, 0) << "the failed record was not stored";
  EXPECT_EQ(producer.metrics().record_errors, 1);
}

TEST(ProducerMock, RetriesStopAtTheConfiguredCount) {
  auto& m = shared_mock();
  m.create_topic("few-retries", 1);
  kafka_producer producer(settings_for(m, {{"acks", 1}, {"retries", 2}}));
  producer.partitions_for("few-retries");
  m.fail_produce({RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                  RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
  auto f = producer.send("few-retries", "x", std::nullopt, 0);
  ASSERT_TRUE(f.wait_for(5s));
  ASSERT_NE(f.error(), nullptr);
  EXPECT_EQ(f.error()->code(), error_code::not_enough_replicas);
  EXPECT_EQ(producer.metrics().record_retries, 2);
}

TEST(ProducerMock, OutOfOrderSequenceOnTheFirstBatchFailsItAndBumpsTheEpoch) {
  auto& m = shared_mock();
  m.create_topic("sequence", 1);
  kafka_producer producer(settings_for(m));
  ASSERT_TRUE(producer.idempotent());
  ASSERT_EQ(producer.send("sequence", "before", std::nullopt, 0).get().offset, 0);
  // The broker claims a gap right after an acknowledged batch: data it had acknowledged is gone.
  m.fail_produce({RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER});
  auto lost = producer.send("sequence", "rejected", std::nullopt, 0);
  ASSERT_TRUE(lost.wait_for(5s));
  ASSERT_NE(lost.error(), nullptr);
  EXPECT_EQ(lost.error()->code(), error_code::out_of_order_sequence_number);
  // The producer carries on under a bumped epoch, sequences from 0 again.
  EXPECT_EQ(producer.send("sequence", "after", std::nullopt, 0).get(5s).offset, 1);
}

TEST(ProducerMock, UnknownProducerIdIsRetriedUnderANewEpoch) {
  auto& m = shared_mock();
  m.create_topic("forgotten", 1);
  kafka_producer producer(settings_for(m));
  ASSERT_EQ(producer.send("forgotten", "first", std::nullopt, 0).get().offset, 0);
  m.fail_produce({RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID});
  EXPECT_EQ(producer.send("forgotten", "retried", std::nullopt, 0).get(5s).offset, 1);
  EXPECT_GT(producer.metrics().record_retries, 0);
  // Later records continue under the new epoch.
  std::vector<send_future> futures;
  for (int i = 0; i < 20; ++i) futures.push_back(producer.send("forgotten", std::to_string(i), std::nullopt, 0));
  producer.flush(10000ms);
  for (size_t i = 0; i < futures.size(); ++i) {
    ASSERT_EQ(futures[i].error(), nullptr) << futures[i].error()->what();
    EXPECT_EQ(futures[i].get().offset, static_cast<int64_t>(i + 2));
  }
}

TEST(ProducerMock, MissingInitProducerIdFailsExplicitIdempotenceClearly) {
  mock_cluster m(1);  // its own: the API versions change
  m.create_topic("no-pid", 1);
  rd_kafka_mock_set_apiversion(m.get(), 22, -1, -1);  // InitProducerId not offered
  {
    kafka_producer producer(settings_for(m, {{"enable_idempotence", true}}));
    auto f = producer.send("no-pid", "x", std::nullopt, 0);
    ASSERT_TRUE(f.wait_for(5s));
    ASSERT_NE(f.error(), nullptr);
    EXPECT_EQ(f.error()->code(), error_code::unsupported_version);
    EXPECT_NE(std::string(f.error()->what()).find("InitProducerId"), std::string::npos) << f.error()->what();
    EXPECT_THROW(producer.send("no-pid", "y", std::nullopt, 0), kafka_error);
  }
  {
    // Idempotence only by default: the producer carries on without it.
    kafka_producer producer(settings_for(m));
    EXPECT_EQ(producer.send("no-pid", "x", std::nullopt, 0).get(5s).offset, 0);
    EXPECT_FALSE(producer.idempotent());
  }
}

TEST(ProducerMock, LeadersOnSeveralBrokersAndALeaderMove) {
  auto& m = shared_mock();
  m.create_topic("spread", 6);
  kafka_producer producer(settings_for(m, {{"linger_ms", 1}, {"batch_size", 500}}));
  ASSERT_EQ(producer.partitions_for("spread"), 6);
  std::map<int32_t, std::vector<send_future>> by_partition;
  for (int i = 0; i < 600; ++i) {
    int32_t p = i % 6;
    by_partition[p].push_back(producer.send("spread", std::to_string(i), std::nullopt, p));
    // Halfway through, partition 0's leadership moves to another broker.
    if (i == 300) rd_kafka_mock_partition_set_leader(m.get(), "spread", 0, 3);
  }
  producer.flush(20000ms);
  for (auto& [p, futures] : by_partition) {
    SCOPED_TRACE("partition " + std::to_string(p));
    expect_in_order(futures);
  }
}

}  // namespace
}  // namespace gregor
