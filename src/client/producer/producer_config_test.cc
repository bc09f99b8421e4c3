// producer_config: kafka-python names, aliases, Kafka 3.x defaults and the idempotence rules.
#include "client/producer/producer_config.h"

#include <gtest/gtest.h>

#include "gregor/errors.h"

namespace gregor::client {
namespace {

TEST(ProducerConfig, DefaultsFollowKafka3) {
  auto c = read_producer_config(config{});
  EXPECT_EQ(c.acks, -1);
  EXPECT_EQ(c.retries, INT32_MAX);
  EXPECT_EQ(c.linger_ms, 0);
  EXPECT_EQ(c.batch_size, 16384);
  EXPECT_EQ(c.buffer_memory, 33554432);
  EXPECT_EQ(c.max_block_ms, 60000);
  EXPECT_EQ(c.max_request_size, 1048576);
  EXPECT_EQ(c.max_in_flight, 5);
  EXPECT_EQ(c.delivery_timeout_ms, 120000);
  EXPECT_EQ(c.request_timeout_ms, 30000);
  EXPECT_EQ(c.retry_backoff_ms, 100);
  EXPECT_EQ(c.compression, records::compression::none);
  EXPECT_TRUE(c.idempotence);
  EXPECT_FALSE(c.idempotence_requested);
  ASSERT_EQ(c.common.cluster.bootstrap.size(), 1u);
  EXPECT_EQ(c.common.cluster.bootstrap[0].host, "localhost");
}

TEST(ProducerConfig, DottedNamesAndLibrdkafkaAliases) {
  config cfg{{"compression.codec", "lz4"},  {"queue.buffering.max.ms", 9}, {"acks", "1"},
             {"message.timeout.ms", 60000}, {"max.in.flight", 1},          {"message.max.bytes", 2000000}};
  auto c = read_producer_config(cfg);
  EXPECT_EQ(c.linger_ms, 9);
  EXPECT_EQ(read_producer_config(config{{"linger.ms", 7}}).linger_ms, 7);
  EXPECT_EQ(c.compression, records::compression::lz4);
  EXPECT_EQ(c.acks, 1);
  EXPECT_EQ(c.delivery_timeout_ms, 60000);
  EXPECT_EQ(c.max_in_flight, 1);
  EXPECT_EQ(c.max_request_size, 2000000);
}

TEST(ProducerConfig, BatchNumMessagesIsNotBatchSize) {
  EXPECT_THROW(read_producer_config(config{{"batch.num.messages", 100}}), config_error);
}

TEST(ProducerConfig, UnknownAndInvalidValuesAreRejected) {
  EXPECT_THROW(read_producer_config(config{{"lingerms", 5}}), config_error);
  EXPECT_THROW(read_producer_config(config{{"acks", "2"}}), config_error);
  EXPECT_THROW(read_producer_config(config{{"compression_type", "brotli"}}), config_error);
  EXPECT_THROW(read_producer_config(config{{"key_serializer", "x"}}), config_error);
  EXPECT_THROW(read_producer_config(config{{"transactional_id", "t"}}), config_error);
  EXPECT_EQ(read_producer_config(config{{"compression_type", "None"}}).compression, records::compression::none);
  EXPECT_EQ(read_producer_config(config{{"acks", "all"}}).acks, -1);
  EXPECT_EQ(read_producer_config(config{{"acks", -1}}).acks, -1);
  EXPECT_EQ(read_producer_config(config{{"acks", 0}}).acks, 0);
}

TEST(ProducerConfig, ConflictingSettingsTurnDefaultIdempotenceOff) {
  EXPECT_FALSE(read_producer_config(config{{"acks", 1}}).idempotence);
  EXPECT_FALSE(read_producer_config(config{{"acks", 0}}).idempotence);
  EXPECT_FALSE(read_producer_config(config{{"max_in_flight_requests_per_connection", 6}}).idempotence);
  EXPECT_FALSE(read_producer_config(config{{"retries", 0}}).idempotence);
  EXPECT_TRUE(read_producer_config(config{{"acks", "all"}, {"max_in_flight_requests_per_connection", 5}}).idempotence);
  EXPECT_FALSE(read_producer_config(config{{"enable_idempotence", false}}).idempotence);
}

TEST(ProducerConfig, ExplicitIdempotenceWithConflictsIsAnError) {
  EXPECT_THROW(read_producer_config(config{{"enable_idempotence", true}, {"acks", 1}}), config_error);
  EXPECT_THROW(read_producer_config(config{{"enable.idempotence", true}, {"max.in.flight.requests.per.connection", 6}}),
               config_error);
  EXPECT_THROW(read_producer_config(config{{"enable_idempotence", true}, {"retries", 0}}), config_error);
  auto c = read_producer_config(config{{"enable_idempotence", true}});
  EXPECT_TRUE(c.idempotence);
  EXPECT_TRUE(c.idempotence_requested);
}

TEST(ProducerConfig, DeliveryTimeoutCoversLingerAndOneRequest) {
  EXPECT_THROW(read_producer_config(config{{"delivery_timeout_ms", 1000}, {"request_timeout_ms", 2000}}), config_error);
  // Not set explicitly: raised to fit, as the Java client does.
  auto c = read_producer_config(config{{"request_timeout_ms", 200000}});
  EXPECT_EQ(c.delivery_timeout_ms, 200000);
  auto ok = read_producer_config(config{{"delivery_timeout_ms", 3000}, {"request_timeout_ms", 2000}, {"linger_ms", 5}});
  EXPECT_EQ(ok.delivery_timeout_ms, 3000);
}

}  // namespace
}  // namespace gregor::client
