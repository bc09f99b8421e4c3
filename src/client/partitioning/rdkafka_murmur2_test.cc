// Cross-check with librdkafka: for non-null keys its murmur2_random partitioner must choose the
// same partition as murmur2_partition(), for arbitrary binary keys and partition counts 1..64.
// Together with the Java vectors this pins Gregor's keyed placement to both reference clients.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <memory>
#include <random>

#include "client/partitioning/murmur2.h"

namespace gregor::client {
namespace {

TEST(RdkafkaMurmur2, AgreesWithLibrdkafkaForRandomKeys) {
  // A producer with no brokers never connects; it only gives the partitioner a topic handle.
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
  std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> rk(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err), &rd_kafka_destroy);
  ASSERT_TRUE(rk) << err;
  std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> rkt(
      rd_kafka_topic_new(rk.get(), "crosscheck", nullptr), &rd_kafka_topic_destroy);
  ASSERT_TRUE(rkt);

  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> length(0, 64);
  std::uniform_int_distribution<int> byte(0, 255);
  int checked = 0;
  for (int32_t partition_cnt = 1; partition_cnt <= 64; ++partition_cnt) {
    for (int i = 0; i < 300; ++i) {
      std::vector<uint8_t> key(static_cast<size_t>(length(rng)));
      for (auto& b : key) b = static_cast<uint8_t>(byte(rng));
      // A null pointer would mean "no key" to librdkafka; an empty key must still be hashed.
      const void* data = key.empty() ? static_cast<const void*>("") : key.data();
      int32_t theirs =
          rd_kafka_msg_partitioner_murmur2_random(rkt.get(), data, key.size(), partition_cnt, nullptr, nullptr);
      int32_t ours = murmur2_partition(std::span<const uint8_t>(key), partition_cnt);
      ASSERT_EQ(ours, theirs) << "partition_cnt=" << partition_cnt << " key length=" << key.size();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 64 * 300);
}

}  // namespace
}  // namespace gregor::client
