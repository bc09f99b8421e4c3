// consumer_config: kafka-python names and defaults, aliases, strict checking.
#include "client/consumer/consumer_config.h"

#include <gtest/gtest.h>

#include "gregor/errors.h"

namespace gregor::client {
namespace {

TEST(ConsumerConfig, DefaultsAreKafkaPythons) {
  auto c = read_consumer_config(config{});
  EXPECT_FALSE(c.group_id);
  EXPECT_EQ(c.auto_offset_reset, offset_reset_strategy::latest);
  EXPECT_TRUE(c.enable_auto_commit);
  EXPECT_EQ(c.auto_commit_interval_ms, 5000);
  EXPECT_EQ(c.fetch_max_wait_ms, 500);
  EXPECT_EQ(c.fetch_max_bytes, 52428800);
  EXPECT_EQ(c.max_partition_fetch_bytes, 1048576);
  EXPECT_EQ(c.max_poll_records, 500);
  EXPECT_EQ(c.max_poll_interval_ms, 300000);
  EXPECT_EQ(c.session_timeout_ms, 10000);
  EXPECT_EQ(c.heartbeat_interval_ms, 3000);
  EXPECT_EQ(c.common.cluster.connection.request_timeout_ms, 305000);
  EXPECT_EQ(c.assignment_strategies, (std::vector<std::string>{"range", "cooperative-sticky"}));
  EXPECT_FALSE(c.consumer_timeout_ms);
  EXPECT_TRUE(c.check_crcs);
  EXPECT_FALSE(c.read_committed);
}

TEST(ConsumerConfig, ReadsDottedNamesAndAliases) {
  auto c = read_consumer_config(config{{"group.id", "g"},
                                       {"auto.offset.reset", "smallest"},
                                       {"fetch.wait.max.ms", 50},
                                       {"fetch.message.max.bytes", 4096},
                                       {"isolation.level", "read_committed"},
                                       {"partition.assignment.strategy", "cooperative-sticky"},
                                       {"consumer_timeout_ms", 250}});
  EXPECT_EQ(c.group_id, "g");
  EXPECT_EQ(c.auto_offset_reset, offset_reset_strategy::earliest);
  EXPECT_EQ(c.fetch_max_wait_ms, 50);
  EXPECT_EQ(c.max_partition_fetch_bytes, 4096);
  EXPECT_TRUE(c.read_committed);
  EXPECT_EQ(c.assignment_strategies, (std::vector<std::string>{"cooperative-sticky"}));
  EXPECT_EQ(c.consumer_timeout_ms, 250);
  EXPECT_EQ(read_consumer_config(config{{"auto_offset_reset", "largest"}}).auto_offset_reset,
            offset_reset_strategy::latest);
  EXPECT_EQ(read_consumer_config(config{{"auto_offset_reset", "none"}}).auto_offset_reset, offset_reset_strategy::none);
}

TEST(ConsumerConfig, RejectsUnknownNamesAndBadValues) {
  EXPECT_THROW(read_consumer_config(config{{"linger_ms", 5}}), config_error);
  EXPECT_THROW(read_consumer_config(config{{"auto_offset_reset", "sometimes"}}), config_error);
  EXPECT_THROW(read_consumer_config(config{{"max_poll_records", 0}}), config_error);
  EXPECT_THROW(read_consumer_config(config{{"partition_assignment_strategy", "random"}}), config_error);
  EXPECT_THROW(read_consumer_config(config{{"session_timeout_ms", 1000}, {"heartbeat_interval_ms", 1000}}),
               config_error);
  EXPECT_THROW(read_consumer_config(config{{"group_instance_id", "a"}}), config_error);
}

}  // namespace
}  // namespace gregor::client
