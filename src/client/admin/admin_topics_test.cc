// Topics and the cluster through the admin client against the real broker: created topics show up
// in list and describe, per-topic errors carry Kafka's names, validate_only creates nothing.
#include <algorithm>

#include "client/admin/admin_test_support.h"

namespace gregor::client::admin::testing {
namespace {

using AdminTopics = AdminTest;

bool listed(const std::vector<topic_listing>& topics, const std::string& name) {
  return std::any_of(topics.begin(), topics.end(), [&](const topic_listing& t) { return t.name == name; });
}

TEST_F(AdminTopics, CreatedTopicsAppearInListAndDescribe) {
  std::string a = unique_name("created-a"), b = unique_name("created-b");
  auto created = admin().create_topics({{.name = a, .num_partitions = 3, .replication_factor = 1},
                                        {.name = b, .configs = {{"retention.ms", "3600000"}}}});
  auto values = created.all();
  EXPECT_EQ(values.at(a).num_partitions, 3);
  EXPECT_EQ(values.at(a).replication_factor, 1);
  EXPECT_FALSE(values.at(a).topic_id.is_zero());
  EXPECT_EQ(values.at(b).num_partitions, 2);  // the broker's num.partitions
  auto retention = std::find_if(values.at(b).configs.begin(), values.at(b).configs.end(),
                                [](const config_entry& e) { return e.name == "retention.ms"; });
  ASSERT_NE(retention, values.at(b).configs.end());
  EXPECT_EQ(retention->value, "3600000");
  EXPECT_EQ(retention->source, config_source::dynamic_topic_config);

  auto topics = admin().list_topics().get();
  EXPECT_TRUE(listed(topics, a));
  EXPECT_TRUE(listed(topics, b));
  EXPECT_TRUE(std::is_sorted(topics.begin(), topics.end(),
                             [](const topic_listing& x, const topic_listing& y) { return x.name < y.name; }));

  auto described = admin().describe_topics({a}).all().at(a);
  EXPECT_EQ(described.name, a);
  EXPECT_EQ(described.topic_id, values.at(a).topic_id);
  EXPECT_FALSE(described.internal);
  ASSERT_EQ(described.partitions.size(), 3u);
  auto cluster = admin().describe_cluster().get();
  ASSERT_EQ(cluster.nodes.size(), 1u);
  for (const auto& p : described.partitions) {
    EXPECT_EQ(p.leader, cluster.nodes[0].id);
    EXPECT_EQ(p.replicas, std::vector<int32_t>{cluster.nodes[0].id});
    EXPECT_EQ(p.isr, std::vector<int32_t>{cluster.nodes[0].id});
  }
}

TEST_F(AdminTopics, PerTopicErrorsCarryKafkasNamesAndTheBrokersMessage) {
  std::string exists = unique_name("exists");
  create(exists, 1);
  std::string good = unique_name("good"), zero = unique_name("zero-partitions"), three = unique_name("three-replicas"),
              bad_config = unique_name("bad-config");
  auto r = admin().create_topics({{.name = good, .num_partitions = 1},
                                  {.name = exists, .num_partitions = 1},
                                  {.name = zero, .num_partitions = 0},
                                  {.name = three, .num_partitions = 1, .replication_factor = 3},
                                  {.name = bad_config, .configs = {{"cleanup.policy", "sometimes"}}}});
  EXPECT_EQ(error_of(r[good]), error_code::none);
  EXPECT_EQ(error_of(r[exists]), error_code::topic_already_exists);
  EXPECT_EQ(error_of(r[zero]), error_code::invalid_partitions);
  EXPECT_EQ(error_of(r[three]), error_code::invalid_replication_factor);
  EXPECT_EQ(error_of(r[bad_config]), error_code::invalid_config);
  std::string message = message_of(r[exists]);
  EXPECT_EQ(message.rfind("TOPIC_ALREADY_EXISTS: ", 0), 0u) << message;
  EXPECT_NE(message.find(exists), std::string::npos) << message;
  // all() throws the first failure in key order: "bad-config-N" sorts first.
  try {
    r.all();
    FAIL() << "all() did not throw";
  } catch (const kafka_error& e) {
    EXPECT_EQ(e.code(), error_code::invalid_config) << e.what();
  }
  auto topics = admin().list_topics().get();
  EXPECT_TRUE(listed(topics, good));
  EXPECT_FALSE(listed(topics, zero));
  EXPECT_FALSE(listed(topics, three));
}

TEST_F(AdminTopics, ValidateOnlyCreatesNothing) {
  std::string name = unique_name("validated");
  auto r = admin().create_topics({{.name = name, .num_partitions = 4}}, {.validate_only = true});
  auto v = r[name].get();
  EXPECT_EQ(v.num_partitions, 4);
  EXPECT_FALSE(listed(admin().list_topics().get(), name));
  // Validation still reports what creating would fail with.
  auto bad = admin().create_topics({{.name = name, .num_partitions = -5}}, {.validate_only = true});
  EXPECT_EQ(error_of(bad[name]), error_code::invalid_partitions);
}

TEST_F(AdminTopics, DeleteTopicsRemovesThemAndReportsUnknownOnes) {
  std::string doomed = unique_name("doomed"), missing = unique_name("never-created");
  create(doomed, 2);
  auto r = admin().delete_topics({doomed, missing});
  EXPECT_EQ(error_of(r[doomed]), error_code::none);
  EXPECT_EQ(error_of(r[missing]), error_code::unknown_topic_or_partition);
  EXPECT_FALSE(listed(admin().list_topics().get(), doomed));
  EXPECT_EQ(error_of(admin().describe_topics({doomed})[doomed]), error_code::unknown_topic_or_partition);
}

TEST_F(AdminTopics, DescribingAMissingTopicFailsAndDoesNotCreateIt) {
  std::string name = unique_name("not-auto-created");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(admin().describe_topics({name})[name]), error_code::unknown_topic_or_partition);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));  // final, not retried
  EXPECT_FALSE(listed(admin().list_topics().get(), name));
}

TEST_F(AdminTopics, CreatePartitionsGrowsATopicAndRefusesToShrink) {
  std::string name = unique_name("growing");
  create(name, 2);
  admin().create_partitions({{name, {.total_count = 5}}}).all();
  EXPECT_EQ(admin().describe_topics({name}).all().at(name).partitions.size(), 5u);

  auto shrink = admin().create_partitions({{name, {.total_count = 3}}});
  EXPECT_EQ(error_of(shrink[name]), error_code::invalid_partitions);
  auto validate = admin().create_partitions({{name, {.total_count = 8}}}, {.validate_only = true});
  EXPECT_EQ(error_of(validate[name]), error_code::none);
  std::string missing = unique_name("missing");
  EXPECT_EQ(error_of(admin().create_partitions({{missing, {.total_count = 2}}})[missing]),
            error_code::unknown_topic_or_partition);
  EXPECT_EQ(admin().describe_topics({name}).all().at(name).partitions.size(), 5u);
}

TEST_F(AdminTopics, DescribeClusterNamesTheBrokerAndTheController) {
  auto cluster = admin().describe_cluster().get();
  EXPECT_FALSE(cluster.cluster_id.empty());
  ASSERT_EQ(cluster.nodes.size(), 1u);
  EXPECT_EQ(cluster.nodes[0].port, broker().port());
  ASSERT_TRUE(cluster.controller.has_value());
  EXPECT_EQ(*cluster.controller, cluster.nodes[0]);
}

}  // namespace
}  // namespace gregor::client::admin::testing
