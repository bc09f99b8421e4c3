// Admin APIs over the wire: configs, partitions, topic deletion, cluster and log-dir description,
// leader-epoch end offsets.
#include <filesystem>

#include "integration/test_helpers.h"

namespace gregor::testing {
namespace {

class BrokerAdmin : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    ASSERT_TRUE(client_.connect(broker_.port()));
  }
  std::optional<std::string> topic_config(const std::string& topic, const std::string& key, int8_t* source = nullptr) {
    describe_configs_request req;
    req.resources.push_back({2, topic, std::vector<std::string>{key}});
    auto resp = client_.call<describe_configs_response>(req, 4);
    if (!resp || resp->results.empty() || resp->results[0].configs.empty()) return std::nullopt;
    if (source) *source = resp->results[0].configs[0].config_source;
    return resp->results[0].configs[0].value;
  }
  broker_process broker_;
  kafka_client client_;
};

TEST_F(BrokerAdmin, IncrementalAlterConfigsSetsDeletesAndAppendsAndPersists) {
  ASSERT_TRUE(create_topic(client_, "cfg", 1));
  int8_t source = 0;
  EXPECT_EQ(topic_config("cfg", "retention.ms", &source), "604800000");
  EXPECT_EQ(source, 5);  // DEFAULT_CONFIG

  incremental_alter_configs_request req;
  auto& r = req.resources.emplace_back();
  r.resource_type = 2;
  r.resource_name = "cfg";
  r.configs.push_back({"retention.ms", 0, std::string("1000")});
  r.configs.push_back({"cleanup.policy", 2, std::string("compact")});  // APPEND
  auto resp = client_.call<incremental_alter_configs_response>(req, 1);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->responses[0].error_code, 0);
  EXPECT_EQ(topic_config("cfg", "retention.ms", &source), "1000");
  EXPECT_EQ(source, 1);  // DYNAMIC_TOPIC_CONFIG
  EXPECT_EQ(topic_config("cfg", "cleanup.policy"), "delete,compact");

  ASSERT_TRUE(broker_.restart());
  ASSERT_TRUE(client_.connect(broker_.port()));
  EXPECT_EQ(topic_config("cfg", "retention.ms"), "1000");

  incremental_alter_configs_request del;
  auto& d = del.resources.emplace_back();
  d.resource_type = 2;
  d.resource_name = "cfg";
  d.configs.push_back({"retention.ms", 1, std::nullopt});  // DELETE
  ASSERT_TRUE(client_.call<incremental_alter_configs_response>(del, 1));
  EXPECT_EQ(topic_config("cfg", "retention.ms"), "604800000");

  incremental_alter_configs_request bad;
  auto& b = bad.resources.emplace_back();
  b.resource_type = 2;
  b.resource_name = "cfg";
  b.configs.push_back({"retention.ms", 0, std::string("not-a-number")});
  auto bad_resp = client_.call<incremental_alter_configs_response>(bad, 1);
  ASSERT_TRUE(bad_resp);
  EXPECT_EQ(bad_resp->responses[0].error_code, 40);  // INVALID_CONFIG
  b.resource_name = "nope";
  b.configs[0].value = "5";
  EXPECT_EQ(client_.call<incremental_alter_configs_response>(bad, 1)->responses[0].error_code, 3);
}

TEST_F(BrokerAdmin, AlterConfigsReplacesTheWholeSetAndValidateOnlyChangesNothing) {
  ASSERT_TRUE(create_topic(client_, "whole", 1, {{"retention.ms", "5000"}}));
  alter_configs_request req;
  req.validate_only = true;
  req.resources.push_back({2, "whole", {{"segment.bytes", "1048576"}}});
  ASSERT_EQ(client_.call<alter_configs_response>(req, 1)->responses[0].error_code, 0);
  EXPECT_EQ(topic_config("whole", "segment.bytes"), "1073741824");
  req.validate_only = false;
  ASSERT_EQ(client_.call<alter_configs_response>(req, 1)->responses[0].error_code, 0);
  EXPECT_EQ(topic_config("whole", "segment.bytes"), "1048576");
  EXPECT_EQ(topic_config("whole", "retention.ms"), "604800000") << "AlterConfigs drops overrides not given";
  alter_configs_request broker_req;
  broker_req.resources.push_back({4, "0", {{"num.partitions", "3"}}});
  EXPECT_EQ(client_.call<alter_configs_response>(broker_req, 1)->responses[0].error_code, 42);
}

TEST_F(BrokerAdmin, DescribeConfigsForTheBrokerShowsStaticAndDefaultSources) {
  describe_configs_request req;
  req.resources.push_back({4, "0", std::vector<std::string>{"log.dirs", "num.partitions"}});
  req.include_synonyms = true;
  auto resp = client_.call<describe_configs_response>(req, 4);
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->results[0].error_code, 0);
  std::map<std::string, int8_t> sources;
  for (auto& c : resp->results[0].configs) sources[c.name] = c.config_source;
  EXPECT_EQ(sources["log.dirs"], 4);        // STATIC_BROKER_CONFIG
  EXPECT_EQ(sources["num.partitions"], 5);  // DEFAULT_CONFIG
  describe_configs_request other;
  other.resources.push_back({4, "7", std::nullopt});
  EXPECT_EQ(client_.call<describe_configs_response>(other, 4)->results[0].error_code, 42);
}

TEST_F(BrokerAdmin, CreatePartitionsGrowsATopicAndRefusesToShrink) {
  ASSERT_TRUE(create_topic(client_, "grow", 2));
  create_partitions_request req;
  req.topics.push_back({"grow", 5, std::nullopt});
  auto resp = client_.call<create_partitions_response>(req, 1);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->results[0].error_code, 0);
  EXPECT_EQ(produce(client_, "grow", 4, make_batch({"new"})).first, 0);
  req.topics[0].count = 3;
  EXPECT_EQ(client_.call<create_partitions_response>(req, 1)->results[0].error_code, 37);  // INVALID_PARTITIONS
  ASSERT_TRUE(broker_.restart());
  ASSERT_TRUE(client_.connect(broker_.port()));
  metadata_request m;
  m.topics = std::vector<metadata_request::topic>{{uuid{}, std::string("grow")}};
  EXPECT_EQ(client_.call<metadata_response>(m, 9)->topics[0].partitions.size(), 5u);
}

TEST_F(BrokerAdmin, DeleteTopicsRemovesDataAndTheName) {
  ASSERT_TRUE(create_topic(client_, "doomed", 2));
  produce(client_, "doomed", 0, make_batch({"a"}));
  ASSERT_TRUE(std::filesystem::exists(broker_.data_dir() / "doomed-0"));
  delete_topics_request req;
  req.topic_names = {"doomed", "never-existed"};
  auto resp = client_.call<delete_topics_response>(req, 4);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->responses[0].error_code, 0);
  EXPECT_EQ(resp->responses[1].error_code, 3);
  EXPECT_FALSE(std::filesystem::exists(broker_.data_dir() / "doomed-0"));
  EXPECT_EQ(produce(client_, "doomed", 0, make_batch({"b"})).first, 3);
  ASSERT_TRUE(broker_.restart());
  ASSERT_TRUE(client_.connect(broker_.port()));
  EXPECT_TRUE(create_topic(client_, "doomed", 1)) << "the name is free again after a restart";
}

TEST_F(BrokerAdmin, DescribeClusterAndLogDirs) {
  auto cluster = client_.call<describe_cluster_response>(describe_cluster_request{}, 1);
  ASSERT_TRUE(cluster);
  EXPECT_EQ(cluster->error_code, 0);
  ASSERT_EQ(cluster->brokers.size(), 1u);
  EXPECT_EQ(cluster->controller_id, cluster->brokers[0].broker_id);
  EXPECT_FALSE(cluster->cluster_id.empty());

  ASSERT_TRUE(create_topic(client_, "sized", 1));
  produce(client_, "sized", 0, make_batch({std::string(1000, 'x')}));
  auto dirs = client_.call<describe_log_dirs_response>(describe_log_dirs_request{}, 4);
  ASSERT_TRUE(dirs);
  ASSERT_FALSE(dirs->results.empty());
  bool found = false;
  for (auto& r : dirs->results)
    for (auto& t : r.topics)
      if (t.name == "sized") {
        found = true;
        EXPECT_GT(t.partitions[0].partition_size, 1000);
      }
  EXPECT_TRUE(found);
}

TEST_F(BrokerAdmin, OffsetForLeaderEpochReturnsTheLogEndForTheCurrentEpoch) {
  ASSERT_TRUE(create_topic(client_, "epochs", 1));
  produce(client_, "epochs", 0, make_batch({"a", "b", "c"}));
  offset_for_leader_epoch_request req;
  req.replica_id = -1;
  req.topics.push_back({"epochs", {{0, -1, 0}}});
  auto resp = client_.call<offset_for_leader_epoch_response>(req, 4);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->topics[0].partitions[0].error_code, 0);
  EXPECT_EQ(resp->topics[0].partitions[0].leader_epoch, 0);
  EXPECT_EQ(resp->topics[0].partitions[0].end_offset, 3);
  req.topics[0].partitions[0].current_leader_epoch = 5;
  EXPECT_EQ(client_.call<offset_for_leader_epoch_response>(req, 4)->topics[0].partitions[0].error_code, 75);
}

}  // namespace
}  // namespace gregor::testing
