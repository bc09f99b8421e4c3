// server.properties loading: defaults, precedence, overrides, warnings, errors, DescribeConfigs.
#include "config/server_properties.h"

#include <fstream>
#include <gtest/gtest.h>

#include "config/broker_properties.h"

namespace gregor::config {
namespace {

broker_config load(std::string_view text, std::vector<std::string> overrides = {}) {
  auto r = load_broker_config(text, overrides);
  EXPECT_TRUE(r) << (r ? "" : r.error());
  return r ? r->config : broker_config{};
}

std::string load_error(std::string_view text, std::vector<std::string> overrides = {}) {
  auto r = load_broker_config(text, overrides);
  EXPECT_FALSE(r);
  return r ? "" : r.error();
}

TEST(ServerProperties, EmptyFileGivesKafkaDefaults) {
  auto c = load("");
  EXPECT_EQ(c.broker_id, 0);
  EXPECT_EQ(c.listeners, (std::vector<listener>{{"PLAINTEXT", "", 9092}}));
  EXPECT_EQ(c.advertised_listeners, c.listeners);
  EXPECT_EQ(c.log_dirs, (std::vector<std::string>{"/tmp/kafka-logs"}));
  EXPECT_EQ(c.num_partitions, 1);
  EXPECT_EQ(c.default_replication_factor, 1);
  EXPECT_TRUE(c.auto_create_topics_enable);
  EXPECT_TRUE(c.delete_topic_enable);
  EXPECT_EQ(c.message_max_bytes, 1048588);
  EXPECT_EQ(c.socket_request_max_bytes, 104857600);
  EXPECT_EQ(c.socket_send_buffer_bytes, 102400);
  EXPECT_EQ(c.num_network_threads, 3);
  EXPECT_EQ(c.num_io_threads, 8);
  EXPECT_EQ(c.queued_max_requests, 500);
  EXPECT_EQ(c.log_segment_bytes, 1073741824);
  EXPECT_EQ(c.log_roll_ms, 168LL * 3600 * 1000);
  EXPECT_EQ(c.log_retention_ms, 168LL * 3600 * 1000);
  EXPECT_EQ(c.log_retention_bytes, -1);
  EXPECT_EQ(c.log_retention_check_interval_ms, 300000);
  EXPECT_EQ(c.log_index_interval_bytes, 4096);
  EXPECT_EQ(c.log_index_size_max_bytes, 10485760);
  EXPECT_EQ(c.log_flush_interval_messages, INT64_MAX);
  EXPECT_EQ(c.log_flush_interval_ms, INT64_MAX);
  EXPECT_EQ(c.log_flush_offset_checkpoint_interval_ms, 60000);
  EXPECT_EQ(c.log_cleanup_policy, (std::vector<std::string>{"delete"}));
  EXPECT_EQ(c.log_cleaner_delete_retention_ms, 86400000);
  EXPECT_DOUBLE_EQ(c.log_cleaner_min_cleanable_ratio, 0.5);
  EXPECT_EQ(c.compression_type, "producer");
  EXPECT_EQ(c.log_message_timestamp_type, "CreateTime");
  EXPECT_EQ(c.offsets_topic_num_partitions, 50);
  EXPECT_EQ(c.offsets_topic_replication_factor, 3);
  EXPECT_EQ(c.offsets_retention_minutes, 10080);
  EXPECT_EQ(c.transactional_id_expiration_ms, 604800000);
  EXPECT_EQ(c.producer_id_expiration_ms, 86400000);
  EXPECT_EQ(c.group_initial_rebalance_delay_ms, 3000);
  EXPECT_EQ(c.group_min_session_timeout_ms, 6000);
  EXPECT_EQ(c.group_max_session_timeout_ms, 1800000);
  EXPECT_EQ(c.min_insync_replicas, 1);
  EXPECT_FALSE(c.unclean_leader_election_enable);
  EXPECT_EQ(c.log_segment_delete_delay_ms, 60000);
  EXPECT_FALSE(c.log_preallocate);
  EXPECT_EQ(c.num_recovery_threads_per_data_dir, 1);
  EXPECT_FALSE(c.zookeeper_connect);
  EXPECT_TRUE(c.explicit_values.empty());
}

TEST(ServerProperties, RetentionPrecedenceMsOverMinutesOverHours) {
  EXPECT_EQ(load("log.retention.hours=1").log_retention_ms, 3600000);
  EXPECT_EQ(load("log.retention.hours=1\nlog.retention.minutes=2").log_retention_ms, 120000);
  EXPECT_EQ(load("log.retention.hours=1\nlog.retention.minutes=2\nlog.retention.ms=5")
                .log_retention_ms, 5);
  EXPECT_EQ(load("log.retention.ms=5\nlog.retention.hours=1").log_retention_ms, 5);
}

TEST(ServerProperties, NegativeRetentionMeansUnlimitedAndZeroIsRefused) {
  EXPECT_EQ(load("log.retention.hours=-1").log_retention_ms, -1);
  EXPECT_EQ(load("log.retention.minutes=-5").log_retention_ms, -1);
  EXPECT_EQ(load("log.retention.ms=-1").log_retention_ms, -1);
  EXPECT_NE(load_error("log.retention.ms=0").find("log.retention.ms"), std::string::npos);
}

TEST(ServerProperties, RollAndFlushFallbacks) {
  EXPECT_EQ(load("log.roll.hours=2").log_roll_ms, 7200000);
  EXPECT_EQ(load("log.roll.hours=2\nlog.roll.ms=10").log_roll_ms, 10);
  EXPECT_EQ(load("log.roll.jitter.hours=1").log_roll_jitter_ms, 3600000);
  EXPECT_EQ(load("log.flush.scheduler.interval.ms=2000").log_flush_interval_ms, 2000);
  EXPECT_EQ(load("log.flush.scheduler.interval.ms=2000\nlog.flush.interval.ms=50")
                .log_flush_interval_ms, 50);
}

TEST(ServerProperties, BrokerIdAndNodeIdAreAliases) {
  EXPECT_EQ(load("broker.id=3").broker_id, 3);
  EXPECT_EQ(load("node.id=4").broker_id, 4);
  EXPECT_EQ(load("broker.id=5\nnode.id=5").broker_id, 5);
  EXPECT_NE(load_error("broker.id=5\nnode.id=6").find("node.id"), std::string::npos);
}

TEST(ServerProperties, LogDirsWinsOverLogDir) {
  EXPECT_EQ(load("log.dir=/x").log_dirs, (std::vector<std::string>{"/x"}));
  EXPECT_EQ(load("log.dir=/x\nlog.dirs=/a, /b").log_dirs,
            (std::vector<std::string>{"/a", "/b"}));
}

TEST(ServerProperties, ListenersAndAdvertised) {
  auto c = load("listeners=PLAINTEXT://127.0.0.1:9092\n"
                "advertised.listeners=PLAINTEXT://broker.example:19092");
  EXPECT_EQ(c.listeners[0].host, "127.0.0.1");
  EXPECT_EQ(c.advertised_listeners[0], (listener{"PLAINTEXT", "broker.example", 19092}));
  EXPECT_NE(load_error("listeners=SSL://:9093").find("listeners"), std::string::npos);
}

TEST(ServerProperties, OverridesApplyAfterFileInOrder) {
  auto c = load("num.partitions=3\nlog.dirs=/file", {"num.partitions=7", "log.dirs=/cli",
                                                     "num.partitions=8"});
  EXPECT_EQ(c.num_partitions, 8);
  EXPECT_EQ(c.log_dirs, (std::vector<std::string>{"/cli"}));
  EXPECT_EQ(c.explicit_values.at("num.partitions"), "8");
}

TEST(ServerProperties, OverrideSyntax) {
  EXPECT_EQ(parse_override("a=b=c").value(), (std::pair<std::string, std::string>{"a", "b=c"}));
  EXPECT_EQ(parse_override("a=").value().second, "");
  EXPECT_FALSE(parse_override("novalue"));
  EXPECT_FALSE(parse_override("=x"));
  EXPECT_FALSE(load_broker_config("", std::vector<std::string>{"bad"}));
}

TEST(ServerProperties, UnknownKeysAreWarningsNotErrors) {
  auto r = load_broker_config("foo.bar=1\nnum.partitions=2\n", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->config.num_partitions, 2);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("foo.bar"), std::string::npos);
}

TEST(ServerProperties, InvalidValuesNameKeyAndValue) {
  struct bad_case { const char* text; const char* key; const char* value; };
  for (auto [text, key, value] : {
           bad_case{"num.partitions=zero", "num.partitions", "zero"},
           bad_case{"num.partitions=0", "num.partitions", "0"},
           bad_case{"log.segment.bytes=13", "log.segment.bytes", "13"},
           bad_case{"auto.create.topics.enable=yes", "auto.create.topics.enable", "yes"},
           bad_case{"compression.type=brotli", "compression.type", "brotli"},
           bad_case{"log.cleanup.policy=delete,shred", "log.cleanup.policy", "shred"},
           bad_case{"log.cleaner.min.cleanable.ratio=2", "log.cleaner.min.cleanable.ratio", "2"},
           bad_case{"message.max.bytes=99999999999", "message.max.bytes", "99999999999"},
       }) {
    auto err = load_error(text);
    EXPECT_NE(err.find(key), std::string::npos) << text << " -> " << err;
    EXPECT_NE(err.find(value), std::string::npos) << text << " -> " << err;
  }
}

TEST(ServerProperties, CrossKeyChecks) {
  EXPECT_FALSE(load_broker_config("group.min.session.timeout.ms=10\n"
                                  "group.max.session.timeout.ms=5", {}));
  EXPECT_FALSE(load_broker_config("log.cleaner.min.compaction.lag.ms=10\n"
                                  "log.cleaner.max.compaction.lag.ms=5", {}));
  // A broker value that cannot serve as a topic default is refused at startup.
  EXPECT_FALSE(load_broker_config("log.flush.interval.ms=-5", {}));
}

TEST(ServerProperties, ServerArgs) {
  std::vector<std::string> args{"config/server.properties", "--override", "a=1",
                                "--override=b=2"};
  auto a = parse_server_args(args).value();
  EXPECT_EQ(a.properties_path, "config/server.properties");
  EXPECT_EQ(a.overrides, (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_FALSE(parse_server_args(std::vector<std::string>{"--override"}));
  EXPECT_FALSE(parse_server_args(std::vector<std::string>{"x", "--override", "nokv"}));
  EXPECT_FALSE(parse_server_args(std::vector<std::string>{}));
}

TEST(ServerProperties, RepoDefaultFileLoadsCleanly) {
  auto r = load_broker_config_file(GREGOR_SOURCE_DIR "/config/server.properties",
                                   std::vector<std::string>{"log.dirs=/tmp/x"});
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(r->warnings.empty()) << r->warnings[0];
  EXPECT_EQ(r->config.listeners, (std::vector<listener>{{"PLAINTEXT", "127.0.0.1", 9092}}));
  EXPECT_EQ(r->config.log_dirs, (std::vector<std::string>{"/tmp/x"}));
}

TEST(ServerProperties, MissingFileIsAnError) {
  EXPECT_FALSE(load_broker_config_file("/nonexistent/server.properties", {}));
}

TEST(BrokerDescribe, SourcesReadOnlyAndValues) {
  auto c = load("num.partitions=4\n");
  auto entries = describe_broker_config(c);
  EXPECT_EQ(entries.size(), broker_properties().size());
  for (const auto& e : entries) {
    EXPECT_TRUE(e.read_only) << e.name;
    if (e.name == "num.partitions") {
      EXPECT_EQ(e.value, "4");
      EXPECT_EQ(e.source, config_source::static_broker_config);
      ASSERT_EQ(e.synonyms.size(), 2u);
      EXPECT_EQ(e.synonyms[1].source, config_source::default_config);
    } else if (e.name == "num.io.threads") {
      EXPECT_EQ(e.value, "8");
      EXPECT_EQ(e.source, config_source::default_config);
      EXPECT_TRUE(e.is_default());
    } else if (e.name == "zookeeper.connect") {
      EXPECT_FALSE(e.value);
    }
  }
}

TEST(BrokerDescribe, PasswordsAreSensitiveAndHidden) {
  std::vector<property_def> table{
      {"secret.password", config_type::password, std::nullopt, no_check(), importance::high,
       "A secret."}};
  broker_config c;
  c.explicit_values["secret.password"] = "hunter2";
  auto entries = describe_static_config(table, c);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].is_sensitive);
  EXPECT_FALSE(entries[0].value);
  EXPECT_EQ(entries[0].source, config_source::static_broker_config);
  for (const auto& s : entries[0].synonyms) EXPECT_FALSE(s.value);
}

}  // namespace
}  // namespace gregor::config
