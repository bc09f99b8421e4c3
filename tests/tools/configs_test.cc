// `gregor configs` run as a subprocess against a real broker: topic configs described, set
// (including bracketed list values and a properties file) and deleted, checked against what the
// admin client sees; --all; every topic or broker when no name is given; broker configs and the
// cluster default; group configs on a broker without them; unknown topics; bad flags; an
// unreachable broker.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "gregor/admin.h"
#include "support/broker_process.h"
#include "tools/tool_test_support.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

class ConfigsTool : public tool_test {
 protected:
  static void SetUpTestSuite() { start_broker({{"num.partitions", "2"}}); }
  static void TearDownTestSuite() { stop_broker(); }

  static tool_result configs(args extra) { return run_tool("configs", extra); }

  std::string create_topic(const std::string& base, std::map<std::string, std::string> configs = {}) {
    auto name = unique(base);
    admin().create_topics({{.name = name, .num_partitions = 1, .replication_factor = 1, .configs = configs}}).all();
    return name;
  }

  config_description topic_configs(const std::string& topic) {
    config_resource r{config_resource_type::topic, topic};
    return admin().describe_configs({r}, {.include_synonyms = true})[r].get();
  }
  config_entry topic_config(const std::string& topic, const std::string& name) {
    auto d = topic_configs(topic);
    const config_entry* e = d.find(name);
    if (!e) throw std::runtime_error("no config " + name);
    return *e;
  }
  std::string broker_id() { return std::to_string(admin().describe_cluster().get().nodes.at(0).id); }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  static void expect_one_line_error(const tool_result& r, const std::string& needle) {
    EXPECT_NE(r.exit_code, 0) << r;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r;
    EXPECT_EQ(r.out, "") << r;
  }

};

TEST_F(ConfigsTool, TopicDescribeAlterAndDelete) {
  auto topic = create_topic("cfg");
  auto r = configs({"--describe", "--entity-type", "topics", "--entity-name", topic});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Dynamic configs for topic " + topic + " are:\n");

  r = configs({"--alter", "--entity-type", "topics", "--entity-name", topic, "--add-config",
               "retention.ms=60000,max.message.bytes=2000"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Completed updating config for topic " + topic + ".\n");
  auto retention = topic_config(topic, "retention.ms");
  EXPECT_EQ(retention.value, "60000");
  EXPECT_EQ(retention.source, config_source::dynamic_topic_config);
  EXPECT_EQ(topic_config(topic, "max.message.bytes").value, "2000");

  r = configs({"--describe", "--topic", topic});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 3u) << r;
  EXPECT_EQ(out[0], "Dynamic configs for topic " + topic + " are:");
  EXPECT_EQ(out[1].rfind("  max.message.bytes=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2000", 0), 0u)
      << r;
  // The synonyms are the broker's: the override, then the broker-level setting it shadows.
  std::string synonyms;
  for (const auto& s : retention.synonyms) {
    if (!synonyms.empty()) synonyms += ", ";
    synonyms += s.source == config_source::dynamic_topic_config   ? "DYNAMIC_TOPIC_CONFIG:"
                : s.source == config_source::static_broker_config ? "STATIC_BROKER_CONFIG:"
                                                                  : "DEFAULT_CONFIG:";
    synonyms += s.name + "=" + s.value.value_or("null");
  }
  EXPECT_EQ(out[2], "  retention.ms=60000 sensitive=false synonyms={" + synonyms + "}");

  r = configs({"--alter", "--topic", topic, "--delete-config", "retention.ms"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Completed updating config for topic " + topic + ".\n");
  EXPECT_EQ(topic_config(topic, "retention.ms").source, config_source::default_config);
  EXPECT_EQ(topic_config(topic, "max.message.bytes").value, "2000");

  // Deleting a config the topic does not override is refused, as by kafka-configs.sh.
  expect_one_line_error(configs({"--alter", "--topic", topic, "--delete-config", "retention.ms"}),
                        "cannot delete config(s) retention.ms");
  // A value the broker rejects.
  expect_one_line_error(configs({"--alter", "--topic", topic, "--add-config", "retention.ms=soon"}), "INVALID_CONFIG");
}

TEST_F(ConfigsTool, BracketsGroupListValues) {
  auto topic = create_topic("brackets");
  auto r = configs({"--alter", "--topic", topic, "--add-config", "cleanup.policy=[compact,delete],retention.ms=1000"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(topic_config(topic, "cleanup.policy").value, "compact,delete");
  EXPECT_EQ(topic_config(topic, "retention.ms").value, "1000");

  r = configs({"--alter", "--topic", topic, "--delete-config", "cleanup.policy,retention.ms"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(topic_config(topic, "cleanup.policy").source, config_source::default_config);
  EXPECT_EQ(topic_config(topic, "retention.ms").source, config_source::default_config);

  expect_one_line_error(configs({"--alter", "--topic", topic, "--add-config", "cleanup.policy=[compact"}),
                        "unbalanced");
  expect_one_line_error(configs({"--alter", "--topic", topic, "--add-config", "retention.ms"}), "expected key=value");
}

TEST_F(ConfigsTool, AddConfigFile) {
  auto topic = create_topic("file");
  auto file = broker().data_dir().parent_path() / (topic + ".properties");
  std::ofstream(file) << "# overrides\nretention.ms=42000\nsegment.ms=3600000\n";
  auto r = configs({"--alter", "--topic", topic, "--add-config-file", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(topic_config(topic, "retention.ms").value, "42000");
  EXPECT_EQ(topic_config(topic, "segment.ms").value, "3600000");
}

TEST_F(ConfigsTool, DescribeAllShowsEveryConfig) {
  auto topic = create_topic("all", {{"retention.ms", "5000"}});
  auto r = configs({"--describe", "--topic", topic, "--all"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto out = lines(r.out);
  auto entries = topic_configs(topic).entries;
  ASSERT_EQ(out.size(), entries.size() + 1) << r;
  EXPECT_EQ(out[0], "All configs for topic " + topic + " are:");
  for (const auto& e : entries) {
    auto line = "  " + e.name + "=" + e.value.value_or("null") + " sensitive=false synonyms={";
    EXPECT_EQ(std::count_if(out.begin(), out.end(), [&](const auto& l) { return l.rfind(line, 0) == 0; }), 1)
        << e.name << "\n" << r;
  }
  EXPECT_TRUE(std::is_sorted(out.begin() + 1, out.end()));
}

TEST_F(ConfigsTool, DescribeWithoutNameCoversEveryTopic) {
  auto a = create_topic("every", {{"retention.ms", "7000"}});
  auto b = create_topic("every");
  auto r = configs({"--describe", "--entity-type", "topics"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto listed = admin().list_topics({.list_internal = true}).get();  // a copy outlives the future
  for (const auto& t : listed)
    EXPECT_NE(r.out.find("Dynamic configs for topic " + t.name + " are:\n"), std::string::npos) << t.name;
  EXPECT_NE(r.out.find("Dynamic configs for topic " + a + " are:\n  retention.ms=7000 "), std::string::npos) << r;
  EXPECT_NE(r.out.find("Dynamic configs for topic " + b + " are:\n"), std::string::npos) << r;
}

TEST_F(ConfigsTool, BrokerConfigs) {
  auto id = broker_id();
  auto r = configs({"--describe", "--entity-type", "brokers", "--entity-name", id});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Dynamic configs for broker " + id + " are:\n");  // Gregor's broker configs are static

  r = configs({"--describe", "--broker", id, "--all"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(lines(r.out).at(0), "All configs for broker " + id + " are:");
  EXPECT_NE(r.out.find("\n  num.partitions=2 sensitive=false synonyms={STATIC_BROKER_CONFIG:num.partitions=2"),
            std::string::npos)
      << r;

  r = configs({"--describe", "--entity-type", "brokers"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Dynamic configs for broker " + id + " are:\nDefault configs for brokers in the cluster are:\n");
  r = configs({"--describe", "--entity-type", "brokers", "--entity-default"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Default configs for brokers in the cluster are:\n");

  // Gregor refuses dynamic broker config changes; the tool passes the broker's reason on.
  expect_one_line_error(configs({"--alter", "--broker", id, "--add-config", "num.partitions=3"}), "static");
  expect_one_line_error(configs({"--alter", "--broker-defaults", "--add-config", "num.partitions=3"}), "static");
  expect_one_line_error(configs({"--describe", "--broker", "99"}), "Broker 99 is not in the cluster");
}

TEST_F(ConfigsTool, GroupConfigsNeedABrokerThatHasThem) {
  auto r = configs({"--describe", "--entity-type", "groups", "--entity-name", unique("group")});
  expect_one_line_error(r, "does not support group configs");
  r = configs({"--alter", "--group", unique("group"), "--add-config", "consumer.session.timeout.ms=45000"});
  expect_one_line_error(r, "does not support group configs");
  expect_one_line_error(configs({"--describe", "--entity-type", "groups"}), "--entity-name (or --group) is required");
}

TEST_F(ConfigsTool, UnknownTopic) {
  auto missing = unique("missing");
  expect_one_line_error(configs({"--describe", "--topic", missing}), "Error: Topic '" + missing + "' does not exist.");
  expect_one_line_error(configs({"--alter", "--topic", missing, "--add-config", "retention.ms=1"}),
                        "Error: Topic '" + missing + "' does not exist.");
}

TEST_F(ConfigsTool, BadFlagCombinationsAreUsageErrors) {
  expect_one_line_error(configs({"--entity-type", "topics"}), "exactly one action");
  expect_one_line_error(configs({"--describe", "--alter", "--entity-type", "topics"}), "exactly one action");
  expect_one_line_error(configs({"--describe"}), "--entity-type is required");
  expect_one_line_error(configs({"--describe", "--entity-type", "users"}), "--entity-type must be topics, brokers or groups");
  expect_one_line_error(configs({"--alter", "--topic", "t"}), "--alter needs --add-config");
  expect_one_line_error(configs({"--alter", "--entity-type", "topics", "--add-config", "a=b"}), "--alter needs --entity-name");
  expect_one_line_error(configs({"--describe", "--topic", "t", "--add-config", "a=b"}), "need --alter");
  expect_one_line_error(configs({"--alter", "--topic", "t", "--all", "--add-config", "a=b"}), "--all can only be used");
  expect_one_line_error(configs({"--describe", "--entity-type", "topics", "--entity-default"}),
                        "--entity-default can only be used with --entity-type brokers");
  expect_one_line_error(configs({"--describe", "--entity-type", "brokers", "--entity-name", "one"}), "broker id");
  expect_one_line_error(configs({"--describe", "--topic", "t", "--entity-type", "topics"}), "give the entity once");
  expect_one_line_error(configs({"--alter", "--topic", "t", "--add-config", "a=b", "--delete-config", "a"}),
                        "both added and deleted");
  expect_one_line_error(run_gregor({"configs", "--zookeeper", "localhost:2181", "--describe", "--topic", "t"}),
                        "ZooKeeper is not supported");
  auto unknown = configs({"--describe", "--topic", "t", "--bogus"});
  EXPECT_NE(unknown.exit_code, 0) << unknown;
  EXPECT_NE(unknown.err.find("--bogus"), std::string::npos) << unknown;
}

TEST_F(ConfigsTool, UnreachableBrokerFailsWithinTheTimeout) {
  auto properties = broker().data_dir().parent_path() / "short-timeout.properties";
  std::ofstream(properties) << "request.timeout.ms=1000\n";
  auto port = std::to_string(free_loopback_port());
  auto start = std::chrono::steady_clock::now();
  auto r = run_gregor({"configs", "--bootstrap-server", "127.0.0.1:" + port, "--command-config", properties.string(),
                       "--describe", "--topic", "t"});
  auto took = std::chrono::steady_clock::now() - start;
  expect_one_line_error(r, "Error: ");
  EXPECT_LT(took, 10s);
}

}  // namespace
}  // namespace gregor::testing
