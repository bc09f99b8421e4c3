// Configs through the admin client against the real broker: topic overrides described with their
// sources, altered incrementally and wholesale, broker configs read from that broker.
#include "client/admin/admin_test_support.h"

namespace gregor::client::admin::testing {
namespace {

using AdminConfigs = AdminTest;

config_description describe_topic(kafka_admin_client& admin, const std::string& topic) {
  config_resource r{config_resource_type::topic, topic};
  return admin.describe_configs({r}).all().at(r);
}

std::optional<std::string> value_of(const config_description& d, const std::string& name) {
  const config_entry* e = d.find(name);
  return e ? e->value : std::nullopt;
}

TEST_F(AdminConfigs, DescribeShowsOverridesAndDefaultsWithTheirSources) {
  std::string topic = unique_name("described");
  create(topic, 1, {{"retention.ms", "123456"}});
  auto d = describe_topic(admin(), topic);
  const config_entry* retention = d.find("retention.ms");
  ASSERT_NE(retention, nullptr);
  EXPECT_EQ(retention->value, "123456");
  EXPECT_EQ(retention->source, config_source::dynamic_topic_config);
  EXPECT_FALSE(retention->is_default);
  EXPECT_EQ(retention->type, config_type::int64);
  const config_entry* segment = d.find("segment.bytes");
  ASSERT_NE(segment, nullptr);
  EXPECT_NE(segment->source, config_source::dynamic_topic_config);
  EXPECT_TRUE(segment->synonyms.empty());  // only with include_synonyms

  config_resource r{config_resource_type::topic, topic};
  auto with_synonyms = admin().describe_configs({r}, {.include_synonyms = true, .include_documentation = true}).all().at(r);
  const config_entry* detailed = with_synonyms.find("retention.ms");
  ASSERT_NE(detailed, nullptr);
  EXPECT_FALSE(detailed->synonyms.empty());
  EXPECT_EQ(detailed->synonyms.front().source, config_source::dynamic_topic_config);
  EXPECT_TRUE(detailed->documentation.has_value());
}

TEST_F(AdminConfigs, IncrementalAlterSetsDeletesAppendsAndSubtracts) {
  std::string topic = unique_name("incremental");
  create(topic, 1, {{"max.message.bytes", "2000000"}});
  config_resource r{config_resource_type::topic, topic};
  admin()
      .incremental_alter_configs({{r,
                                   {{"retention.ms", alter_config_op_type::set, "60000"},
                                    {"max.message.bytes", alter_config_op_type::delete_, std::nullopt},
                                    {"cleanup.policy", alter_config_op_type::append, "compact"}}}})
      .all();
  auto d = describe_topic(admin(), topic);
  EXPECT_EQ(value_of(d, "retention.ms"), "60000");
  EXPECT_NE(d.find("max.message.bytes")->source, config_source::dynamic_topic_config);
  EXPECT_EQ(value_of(d, "cleanup.policy"), "delete,compact");

  admin().incremental_alter_configs({{r, {{"cleanup.policy", alter_config_op_type::subtract, "delete"}}}}).all();
  EXPECT_EQ(value_of(describe_topic(admin(), topic), "cleanup.policy"), "compact");

  // validate_only checks and changes nothing.
  admin()
      .incremental_alter_configs({{r, {{"retention.ms", alter_config_op_type::set, "1"}}}}, {.validate_only = true})
      .all();
  EXPECT_EQ(value_of(describe_topic(admin(), topic), "retention.ms"), "60000");
}

TEST_F(AdminConfigs, AlterConfigsReplacesEveryOverride) {
  std::string topic = unique_name("replaced");
  create(topic, 1, {{"retention.ms", "1000"}, {"segment.ms", "999999"}});
  config_resource r{config_resource_type::topic, topic};
  admin().alter_configs({{r, {{"retention.ms", "5000"}}}}).all();
  auto d = describe_topic(admin(), topic);
  EXPECT_EQ(value_of(d, "retention.ms"), "5000");
  EXPECT_NE(d.find("segment.ms")->source, config_source::dynamic_topic_config);  // dropped: back to default

  admin().alter_configs({{r, {{"retention.ms", "7000"}}}}, {.validate_only = true}).all();
  EXPECT_EQ(value_of(describe_topic(admin(), topic), "retention.ms"), "5000");
}

TEST_F(AdminConfigs, ErrorsAreReportedPerResource) {
  std::string topic = unique_name("checked"), missing = unique_name("missing");
  create(topic, 1);
  config_resource good{config_resource_type::topic, topic}, gone{config_resource_type::topic, missing};
  auto r = admin().incremental_alter_configs({{good, {{"retention.ms", alter_config_op_type::set, "soon"}}},
                                              {gone, {{"retention.ms", alter_config_op_type::set, "1"}}}});
  EXPECT_EQ(error_of(r[good]), error_code::invalid_config);
  EXPECT_EQ(error_of(r[gone]), error_code::unknown_topic_or_partition);
  EXPECT_EQ(error_of(admin().describe_configs({gone})[gone]), error_code::unknown_topic_or_partition);
  EXPECT_EQ(error_of(admin().alter_configs({{good, {{"no.such.config", "1"}}}})[good]), error_code::invalid_config);
}

TEST_F(AdminConfigs, BrokerConfigsComeFromThatBroker) {
  auto cluster = admin().describe_cluster().get();
  config_resource by_id{config_resource_type::broker, std::to_string(cluster.nodes.at(0).id)};
  config_resource cluster_default{config_resource_type::broker, ""};
  auto r = admin().describe_configs({by_id, cluster_default});
  auto d = r[by_id].get();
  const config_entry* partitions = d.find("num.partitions");
  ASSERT_NE(partitions, nullptr);
  EXPECT_EQ(partitions->value, "2");  // set in the broker's server.properties
  EXPECT_EQ(partitions->source, config_source::static_broker_config);
  EXPECT_FALSE(r[cluster_default].get().entries.empty());
  // Gregor's broker configs are static: changing them is refused with the broker's reason.
  auto altered = admin().incremental_alter_configs({{by_id, {{"num.partitions", alter_config_op_type::set, "3"}}}});
  EXPECT_EQ(error_of(altered[by_id]), error_code::invalid_request);
}

}  // namespace
}  // namespace gregor::client::admin::testing
