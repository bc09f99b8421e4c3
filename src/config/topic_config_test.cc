// Topic configs: defaults from the broker, sources, validation, incremental ops, persistence.
#include "config/topic_config.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

#include "config/server_properties.h"
#include "config/topic_config_file.h"
#include "config/topic_properties.h"

namespace gregor::config {
namespace {

std::shared_ptr<const topic_defaults> defaults_from(std::string_view server_properties = "") {
  auto loaded = load_broker_config(server_properties, {});
  EXPECT_TRUE(loaded) << loaded.error();
  return topic_defaults::from(loaded->config).value();
}

TEST(TopicConfig, DefaultsMatchKafka) {
  topic_config t(defaults_from());
  EXPECT_TRUE(t.cleanup_delete());
  EXPECT_FALSE(t.cleanup_compact());
  EXPECT_EQ(t.retention_ms(), 604800000);
  EXPECT_EQ(t.retention_bytes(), -1);
  EXPECT_EQ(t.segment_bytes(), 1073741824);
  EXPECT_EQ(t.segment_ms(), 604800000);
  EXPECT_EQ(t.segment_jitter_ms(), 0);
  EXPECT_EQ(t.segment_index_bytes(), 10485760);
  EXPECT_EQ(t.index_interval_bytes(), 4096);
  EXPECT_EQ(t.max_message_bytes(), 1048588);
  EXPECT_EQ(t.compression_type(), "producer");
  EXPECT_FALSE(t.log_append_time());
  EXPECT_EQ(t.min_insync_replicas(), 1);
  EXPECT_EQ(t.flush_messages(), INT64_MAX);
  EXPECT_EQ(t.flush_ms(), INT64_MAX);
  EXPECT_EQ(t.delete_retention_ms(), 86400000);
  EXPECT_DOUBLE_EQ(t.min_cleanable_dirty_ratio(), 0.5);
  EXPECT_EQ(t.min_compaction_lag_ms(), 0);
  EXPECT_EQ(t.max_compaction_lag_ms(), INT64_MAX);
  EXPECT_EQ(t.file_delete_delay_ms(), 60000);
  EXPECT_FALSE(t.preallocate());
  EXPECT_TRUE(t.settings().message_downconversion_enable);
  EXPECT_EQ(t.message_timestamp_before_max_ms(), INT64_MAX);
}

TEST(TopicConfig, SourcesDefaultStaticBrokerAndDynamicTopic) {
  topic_config t(defaults_from("log.retention.hours=1\n"));
  auto seg = t.get_effective("segment.bytes").value();
  EXPECT_EQ(seg.value, "1073741824");
  EXPECT_EQ(seg.source, config_source::default_config);
  EXPECT_FALSE(seg.read_only);
  EXPECT_FALSE(seg.is_sensitive);

  auto ret = t.get_effective("retention.ms").value();
  EXPECT_EQ(ret.value, "3600000");
  EXPECT_EQ(ret.source, config_source::static_broker_config);
  ASSERT_FALSE(ret.synonyms.empty());
  EXPECT_EQ(ret.synonyms[0].name, "log.retention.hours");
  EXPECT_EQ(ret.synonyms[0].value, "1");
  EXPECT_EQ(t.retention_ms(), 3600000);

  ASSERT_TRUE(t.set("retention.ms", "1000"));
  ret = t.get_effective("retention.ms").value();
  EXPECT_EQ(ret.value, "1000");
  EXPECT_EQ(ret.source, config_source::dynamic_topic_config);
  EXPECT_EQ(ret.synonyms[0].source, config_source::dynamic_topic_config);
  EXPECT_EQ(t.retention_ms(), 1000);

  ASSERT_TRUE(t.unset("retention.ms"));
  EXPECT_EQ(t.get_effective("retention.ms")->source, config_source::static_broker_config);
  EXPECT_EQ(t.retention_ms(), 3600000);
}

TEST(TopicConfig, BrokerFlushFallbackFeedsFlushMs) {
  topic_config t(defaults_from("log.flush.scheduler.interval.ms=5000\n"));
  EXPECT_EQ(t.flush_ms(), 5000);
  EXPECT_EQ(t.get_effective("flush.ms")->source, config_source::static_broker_config);
}

TEST(TopicConfig, SetValidatesAndNamesKey) {
  topic_config t(defaults_from());
  auto r = t.set("segment.bytes", "10");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("segment.bytes"), std::string::npos);
  EXPECT_NE(r.error().find("10"), std::string::npos);
  EXPECT_FALSE(t.set("compression.type", "brotli"));
  EXPECT_FALSE(t.set("message.timestamp.type", "Now"));
  EXPECT_FALSE(t.set("min.cleanable.dirty.ratio", "-0.1"));
  auto unknown = t.set("no.such.config", "1");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("no.such.config"), std::string::npos);
  EXPECT_FALSE(t.unset("no.such.config"));
  EXPECT_TRUE(t.overrides().empty());
}

TEST(TopicConfig, CompactionLagConflictRejectedAtomically) {
  topic_config t(defaults_from());
  ASSERT_TRUE(t.set("max.compaction.lag.ms", "100"));
  auto r = t.set("min.compaction.lag.ms", "200");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("min.compaction.lag.ms"), std::string::npos);
  EXPECT_EQ(t.min_compaction_lag_ms(), 0);
  EXPECT_FALSE(t.overrides().contains("min.compaction.lag.ms"));
}

TEST(TopicConfig, TimestampDifferenceFallsBackWhenBeforeAfterUnset) {
  topic_config t(defaults_from());
  ASSERT_TRUE(t.set("message.timestamp.difference.max.ms", "1000"));
  EXPECT_EQ(t.message_timestamp_before_max_ms(), 1000);
  EXPECT_EQ(t.message_timestamp_after_max_ms(), 1000);
  ASSERT_TRUE(t.set("message.timestamp.after.max.ms", "50"));
  EXPECT_EQ(t.message_timestamp_before_max_ms(), 1000);
  EXPECT_EQ(t.message_timestamp_after_max_ms(), 50);
}

TEST(TopicConfig, CreateRejectsAnyBadEntry) {
  auto d = defaults_from();
  auto ok = topic_config::create(d, {{"cleanup.policy", "compact"}, {"retention.ms", "-1"}});
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_TRUE(ok->cleanup_compact());
  EXPECT_FALSE(ok->cleanup_delete());
  EXPECT_EQ(ok->retention_ms(), -1);
  EXPECT_FALSE(topic_config::create(d, {{"cleanup.policy", "compact"}, {"segment.ms", "0"}}));
}

TEST(TopicConfig, IncrementalAppendAndSubtractOnCleanupPolicy) {
  topic_config t(defaults_from());
  std::vector<alter_op> append{{"cleanup.policy", alter_op_type::append, "compact"}};
  ASSERT_TRUE(t.apply(append));
  EXPECT_EQ(t.get_effective("cleanup.policy")->value, "delete,compact");
  EXPECT_TRUE(t.cleanup_compact());
  EXPECT_TRUE(t.cleanup_delete());
  ASSERT_TRUE(t.apply(append));  // already present: unchanged
  EXPECT_EQ(t.overrides().at("cleanup.policy"), "delete,compact");

  std::vector<alter_op> subtract{{"cleanup.policy", alter_op_type::subtract, "delete"}};
  ASSERT_TRUE(t.apply(subtract));
  EXPECT_EQ(t.overrides().at("cleanup.policy"), "compact");
  EXPECT_FALSE(t.cleanup_delete());

  std::vector<alter_op> bad{{"cleanup.policy", alter_op_type::append, "shred"}};
  auto r = t.apply(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, config_errc::invalid_config);
  EXPECT_EQ(t.overrides().at("cleanup.policy"), "compact");
}

TEST(TopicConfig, IncrementalSetDeleteAllOrNothing) {
  topic_config t(defaults_from());
  ASSERT_TRUE(t.set("retention.bytes", "100"));
  std::vector<alter_op> ops{{"retention.bytes", alter_op_type::remove, std::nullopt},
                            {"segment.bytes", alter_op_type::set, "1000"},
                            {"segment.ms", alter_op_type::set, "0"}};
  auto r = t.apply(ops);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("segment.ms"), std::string::npos);
  EXPECT_EQ(t.retention_bytes(), 100);
  EXPECT_EQ(t.segment_bytes(), 1073741824);

  ops.pop_back();
  ASSERT_TRUE(t.apply(ops));
  EXPECT_EQ(t.retention_bytes(), -1);
  EXPECT_EQ(t.segment_bytes(), 1000);
}

TEST(TopicConfig, IncrementalRequestErrors) {
  topic_config t(defaults_from());
  std::vector<alter_op> append_scalar{{"retention.ms", alter_op_type::append, "1"}};
  EXPECT_EQ(t.apply(append_scalar).error().code, config_errc::invalid_request);
  std::vector<alter_op> null_set{{"retention.ms", alter_op_type::set, std::nullopt}};
  EXPECT_EQ(t.apply(null_set).error().code, config_errc::invalid_request);
  std::vector<alter_op> dup{{"retention.ms", alter_op_type::set, "1"},
                            {"retention.ms", alter_op_type::set, "2"}};
  EXPECT_EQ(t.apply(dup).error().code, config_errc::invalid_request);
  std::vector<alter_op> unknown{{"nope", alter_op_type::set, "1"}};
  EXPECT_EQ(t.apply(unknown).error().code, config_errc::invalid_config);
}

TEST(TopicConfig, DescribeListsEveryTopicProperty) {
  topic_config t(defaults_from());
  ASSERT_TRUE(t.set("cleanup.policy", "compact"));
  auto entries = t.describe();
  ASSERT_EQ(entries.size(), topic_properties().size());
  for (const auto& e : entries) {
    EXPECT_TRUE(e.value.has_value()) << e.name;
    EXPECT_EQ(e.source, e.name == "cleanup.policy" ? config_source::dynamic_topic_config
                                                   : config_source::default_config)
        << e.name;
  }
}

TEST(TopicConfig, SerializeRoundTrip) {
  auto d = defaults_from();
  topic_config t(d);
  ASSERT_TRUE(t.set("cleanup.policy", "compact, delete"));
  ASSERT_TRUE(t.set("min.cleanable.dirty.ratio", "0.1"));
  ASSERT_TRUE(t.set("leader.replication.throttled.replicas", "0:1,1:2"));
  auto back = topic_config::deserialize(d, t.serialize() + "future.key=1\n");
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->config.overrides(), t.overrides());
  ASSERT_EQ(back->warnings.size(), 1u);
  EXPECT_NE(back->warnings[0].find("future.key"), std::string::npos);
  EXPECT_FALSE(topic_config::deserialize(d, "segment.bytes=1\n"));
}

TEST(TopicConfigFile, SaveLoadAndMissingFile) {
  auto dir = std::filesystem::temp_directory_path() /
             ("gregor_config_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "orders.config";
  auto d = defaults_from();

  auto empty = load_topic_config(path, d);
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_TRUE(empty->config.overrides().empty());

  topic_config t(d);
  ASSERT_TRUE(t.set("retention.ms", "12345"));
  ASSERT_TRUE(t.set("compression.type", "zstd"));
  ASSERT_TRUE(save_topic_config(path, t));
  EXPECT_FALSE(std::filesystem::exists(dir / "orders.config.tmp"));
  auto back = load_topic_config(path, d);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->config.overrides(), t.overrides());
  EXPECT_EQ(back->config.retention_ms(), 12345);
  EXPECT_EQ(back->config.compression_type(), "zstd");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gregor::config
