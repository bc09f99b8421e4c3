// `gregor topics` run as a subprocess against a real broker: create/list/describe/alter/delete
// checked against what the admin client sees, --if-exists/--if-not-exists, --topic regexes,
// internal topics, the legacy --alter --config/--delete-config form, --replica-assignment, the
// describe filters, --zookeeper, bad flag combinations and an unreachable broker.
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

class TopicsTool : public tool_test {
 protected:
  static void SetUpTestSuite() { start_broker({{"num.partitions", "2"}}); }
  static void TearDownTestSuite() { stop_broker(); }

  static tool_result topics(args extra) { return run_tool("topics", extra); }

  std::vector<std::string> topic_names(bool internal = true) {
    std::vector<std::string> names;
    auto listed = admin().list_topics({.list_internal = internal}).get();  // a copy outlives the future
    for (const auto& t : listed) names.push_back(t.name);
    return names;
  }
  bool exists(const std::string& topic) {
    auto names = topic_names();
    return std::find(names.begin(), names.end(), topic) != names.end();
  }
  topic_description describe(const std::string& topic) { return admin().describe_topics({topic})[topic].get(); }
  config_entry config_of(const std::string& topic, const std::string& name) {
    config_resource r{config_resource_type::topic, topic};
    auto d = admin().describe_configs({r})[r].get();
    const config_entry* e = d.find(name);
    if (!e) throw std::runtime_error("no config " + name);
    return *e;
  }

  // The lines kafka-topics.sh --describe prints for `topic` as the admin client sees it.
  std::string expected_description(const std::string& topic, const std::string& configs) {
    auto d = describe(topic);
    auto ids = [](const std::vector<int32_t>& v) {
      std::string s;
      for (auto id : v) {
        if (!s.empty()) s += ',';
        s += std::to_string(id);
      }
      return s;
    };
    std::ostringstream out;
    out << "Topic: " << topic << "\tTopicId: " << d.topic_id.to_base64() << "\tPartitionCount: " << d.partitions.size()
        << "\tReplicationFactor: " << d.partitions.at(0).replicas.size() << "\tConfigs: " << configs << "\n";
    for (const auto& p : d.partitions)
      out << "\tTopic: " << topic << "\tPartition: " << p.partition << "\tLeader: " << p.leader
          << "\tReplicas: " << ids(p.replicas) << "\tIsr: " << ids(p.isr) << "\n";
    return out.str();
  }

  // stdout lines that start with "Topic: " (one per described topic), in order.
  static std::vector<std::string> described_topics(const std::string& out) {
    std::vector<std::string> names;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Topic: ", 0) != 0) continue;
      names.push_back(line.substr(7, line.find('\t') - 7));
    }
    return names;
  }

  static void expect_one_line_error(const tool_result& r, const std::string& needle) {
    EXPECT_NE(r.exit_code, 0) << r;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r;
    EXPECT_EQ(r.out, "") << r;
  }

};

TEST_F(TopicsTool, CreateListDescribeAlterDelete) {
  auto topic = unique("cycle");
  auto created = topics({"--create", "--topic", topic, "--partitions", "3", "--replication-factor", "1", "--config",
                         "retention.ms=60000", "--config", "cleanup.policy=compact"});
  ASSERT_EQ(created.exit_code, 0) << created;
  EXPECT_EQ(created.out, "Created topic " + topic + ".\n");
  EXPECT_EQ(describe(topic).partitions.size(), 3u);
  EXPECT_EQ(config_of(topic, "retention.ms").value, "60000");
  EXPECT_EQ(config_of(topic, "retention.ms").source, config_source::dynamic_topic_config);
  EXPECT_EQ(config_of(topic, "cleanup.policy").value, "compact");

  auto listed = topics({"--list"});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  std::string expected_list;
  for (const auto& name : topic_names()) expected_list += name + "\n";
  EXPECT_EQ(listed.out, expected_list);
  EXPECT_NE(listed.out.find(topic + "\n"), std::string::npos);

  auto described = topics({"--describe", "--topic", topic});
  ASSERT_EQ(described.exit_code, 0) << described;
  EXPECT_EQ(described.out, expected_description(topic, "cleanup.policy=compact,retention.ms=60000"));

  auto altered = topics({"--alter", "--topic", topic, "--partitions", "5"});
  ASSERT_EQ(altered.exit_code, 0) << altered;
  EXPECT_EQ(describe(topic).partitions.size(), 5u);
  described = topics({"--describe", "--topic", topic});
  EXPECT_EQ(described.out, expected_description(topic, "cleanup.policy=compact,retention.ms=60000"));

  auto shrink = topics({"--alter", "--topic", topic, "--partitions", "2"});
  expect_one_line_error(shrink, "INVALID_PARTITIONS");
  EXPECT_EQ(describe(topic).partitions.size(), 5u);

  auto deleted = topics({"--delete", "--topic", topic});
  ASSERT_EQ(deleted.exit_code, 0) << deleted;
  EXPECT_FALSE(exists(topic));
}

TEST_F(TopicsTool, CreateUsesBrokerDefaultsAndRefusesDuplicates) {
  auto topic = unique("dup");
  ASSERT_EQ(topics({"--create", "--topic", topic}).exit_code, 0);
  EXPECT_EQ(describe(topic).partitions.size(), 2u);  // the broker's num.partitions

  auto again = topics({"--create", "--topic", topic, "--partitions", "4"});
  expect_one_line_error(again, "Error: Topic '" + topic + "' already exists.");
  auto quiet = topics({"--create", "--topic", topic, "--partitions", "4", "--if-not-exists"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(describe(topic).partitions.size(), 2u);  // untouched

  auto bad_config = topics({"--create", "--topic", unique("badcfg"), "--config", "retention.ms=soon"});
  expect_one_line_error(bad_config, "INVALID_CONFIG");
}

TEST_F(TopicsTool, MissingTopicsFailUnlessIfExists) {
  auto missing = unique("missing");
  for (const char* action : {"--describe", "--delete"}) {
    expect_one_line_error(topics({action, "--topic", missing}),
                          "Error: Topic '" + missing + "' does not exist as expected");
    auto quiet = topics({action, "--topic", missing, "--if-exists"});
    EXPECT_EQ(quiet.exit_code, 0) << action << quiet;
    EXPECT_EQ(quiet.out, "") << action;
  }
  expect_one_line_error(topics({"--alter", "--topic", missing, "--partitions", "3"}),
                        "Topic '" + missing + "' does not exist as expected");
  EXPECT_EQ(topics({"--alter", "--topic", missing, "--partitions", "3", "--if-exists"}).exit_code, 0);
  EXPECT_FALSE(exists(missing));
}

TEST_F(TopicsTool, RegexMatchesWholeNamesForListDescribeAndDelete) {
  auto base = unique("rx");
  std::vector<std::string> names = {base + "-a-1", base + "-a-2", base + "-b-1", "x" + base + "-a-1"};
  for (const auto& n : names) admin().create_topics({{.name = n, .num_partitions = 1, .replication_factor = 1}}).all();

  auto described = topics({"--describe", "--topic", base + "-a-.*"});
  ASSERT_EQ(described.exit_code, 0) << described;
  EXPECT_EQ(described_topics(described.out), (std::vector<std::string>{names[0], names[1]}));

  auto listed = topics({"--list", "--topic", names[0] + "," + names[2]});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.out, names[0] + "\n" + names[2] + "\n");

  auto deleted = topics({"--delete", "--topic", base + "-a-.*"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted;
  EXPECT_FALSE(exists(names[0]));
  EXPECT_FALSE(exists(names[1]));
  EXPECT_TRUE(exists(names[2]));
  EXPECT_TRUE(exists(names[3]));  // "x..." does not match as a whole

  expect_one_line_error(topics({"--list", "--topic", "rx-("}), "invalid --topic regular expression");
}

TEST_F(TopicsTool, InternalTopicsListedUnlessExcludedAndNeverDeleted) {
  // FindCoordinator makes the broker create __consumer_offsets.
  admin().list_consumer_group_offsets(unique("group")).get();
  auto topic = unique("plain");
  admin().create_topics({{.name = topic, .num_partitions = 1, .replication_factor = 1}}).all();

  auto all = topics({"--list"});
  ASSERT_EQ(all.exit_code, 0) << all;
  EXPECT_NE(all.out.find("__consumer_offsets\n"), std::string::npos) << all;
  auto user = topics({"--list", "--exclude-internal"});
  ASSERT_EQ(user.exit_code, 0) << user;
  EXPECT_EQ(user.out.find("__consumer_offsets"), std::string::npos) << user;
  EXPECT_NE(user.out.find(topic + "\n"), std::string::npos) << user;
  std::string expected;
  for (const auto& n : topic_names(false)) expected += n + "\n";
  EXPECT_EQ(user.out, expected);

  auto described = topics({"--describe", "--exclude-internal"});
  ASSERT_EQ(described.exit_code, 0) << described;
  auto names = described_topics(described.out);
  EXPECT_EQ(std::count(names.begin(), names.end(), "__consumer_offsets"), 0);
  EXPECT_EQ(std::count(names.begin(), names.end(), topic), 1);

  expect_one_line_error(topics({"--delete", "--topic", "__consumer_offsets"}), "internal topic");
  EXPECT_TRUE(exists("__consumer_offsets"));
}

TEST_F(TopicsTool, LegacyAlterConfigAndDeleteConfig) {
  auto topic = unique("legacy");
  admin()
      .create_topics({{.name = topic, .num_partitions = 1, .replication_factor = 1,
                       .configs = {{"cleanup.policy", "compact"}, {"max.message.bytes", "5000"}}}})
      .all();
  auto r = topics({"--alter", "--topic", topic, "--config", "retention.ms=1000", "--deleteConfig", "cleanup.policy"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Updated config for topic " + topic + ".\n");
  EXPECT_EQ(config_of(topic, "retention.ms").value, "1000");
  EXPECT_EQ(config_of(topic, "cleanup.policy").source, config_source::default_config);
  EXPECT_EQ(config_of(topic, "max.message.bytes").value, "5000");  // other overrides stay

  r = topics({"--alter", "--topic", topic, "--delete-config", "max.message.bytes"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(config_of(topic, "max.message.bytes").source, config_source::default_config);
  auto described = topics({"--describe", "--topic", topic});
  EXPECT_EQ(described.out, expected_description(topic, "retention.ms=1000"));
}

TEST_F(TopicsTool, ReplicaAssignment) {
  auto node = std::to_string(admin().describe_cluster().get().nodes.at(0).id);
  auto topic = unique("placed");
  auto r = topics({"--create", "--topic", topic, "--replica-assignment", node + "," + node + "," + node});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto d = describe(topic);
  ASSERT_EQ(d.partitions.size(), 3u);
  for (const auto& p : d.partitions) EXPECT_EQ(p.replicas, std::vector<int32_t>{std::stoi(node)});

  r = topics({"--alter", "--topic", topic, "--partitions", "4", "--replica-assignment",
              node + "," + node + "," + node + "," + node});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(describe(topic).partitions.size(), 4u);

  expect_one_line_error(topics({"--create", "--topic", unique("placed"), "--replica-assignment", "a:b"}),
                        "invalid --replica-assignment");
  expect_one_line_error(topics({"--create", "--topic", unique("placed"), "--replica-assignment", "1:1"}),
                        "names a broker twice");
  expect_one_line_error(
      topics({"--create", "--topic", unique("placed"), "--replica-assignment", node, "--partitions", "1"}),
      "cannot be combined");
}

TEST_F(TopicsTool, DescribeFilters) {
  auto plain = unique("filter-plain");
  auto overridden = unique("filter-over");
  admin().create_topics({{.name = plain, .num_partitions = 2, .replication_factor = 1}}).all();
  admin()
      .create_topics({{.name = overridden, .num_partitions = 1, .replication_factor = 1,
                       .configs = {{"retention.ms", "1234"}}}})
      .all();

  auto r = topics({"--describe", "--topic", plain + "," + overridden, "--topics-with-overrides"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto full = expected_description(overridden, "retention.ms=1234");
  EXPECT_EQ(r.out, full.substr(0, full.find('\n') + 1));  // only the topic line

  // One healthy broker: every partition has its leader and a full ISR.
  for (const char* filter : {"--under-replicated-partitions", "--unavailable-partitions"}) {
    r = topics({"--describe", "--topic", plain + "," + overridden, filter});
    EXPECT_EQ(r.exit_code, 0) << filter << r;
    EXPECT_EQ(r.out, "") << filter;
  }
}

TEST_F(TopicsTool, ZooKeeperIsRejectedWithAHint) {
  auto r = run_gregor({"topics", "--zookeeper", "localhost:2181", "--list"});
  expect_one_line_error(r, "ZooKeeper is not supported");
  EXPECT_NE(r.err.find("--bootstrap-server"), std::string::npos) << r;
  r = topics({"--zookeeper", "localhost:2181", "--list"});
  expect_one_line_error(r, "ZooKeeper is not supported");
}

TEST_F(TopicsTool, BadFlagCombinationsAreUsageErrors) {
  expect_one_line_error(topics({}), "exactly one action");
  expect_one_line_error(topics({"--list", "--describe"}), "only one action");
  expect_one_line_error(topics({"--create"}), "--topic is required with --create");
  expect_one_line_error(topics({"--delete"}), "--topic is required with --delete");
  expect_one_line_error(topics({"--list", "--if-not-exists"}), "--if-not-exists can only be used with --create");
  expect_one_line_error(topics({"--list", "--partitions", "3"}), "--partitions can only be used with");
  expect_one_line_error(topics({"--describe", "--replication-factor", "1"}), "--replication-factor can only be used");
  expect_one_line_error(topics({"--create", "--topic", "x", "--partitions", "0"}), "--partitions must be at least 1");
  expect_one_line_error(topics({"--alter", "--topic", "x"}), "--alter needs");
  expect_one_line_error(topics({"--create", "--topic", "x", "--config", "novalue"}), "expected key=value");
  expect_one_line_error(run_gregor({"topics", "--list"}), "--bootstrap-server is required");

  auto unknown = topics({"--list", "--bogus"});
  EXPECT_NE(unknown.exit_code, 0) << unknown;
  EXPECT_NE(unknown.err.find("--bogus"), std::string::npos) << unknown;
  auto not_a_number = topics({"--create", "--topic", "x", "--partitions", "many"});
  EXPECT_NE(not_a_number.exit_code, 0) << not_a_number;
  EXPECT_FALSE(exists("x"));
}

TEST_F(TopicsTool, UnreachableBrokerFailsWithinTheTimeout) {
  auto properties = broker().data_dir().parent_path() / "short-timeout.properties";
  std::ofstream(properties) << "request.timeout.ms=1000\n";
  auto port = std::to_string(free_loopback_port());
  auto start = std::chrono::steady_clock::now();
  auto r = run_gregor({"topics", "--bootstrap-server", "127.0.0.1:" + port, "--command-config", properties.string(),
                       "--list"});
  auto took = std::chrono::steady_clock::now() - start;
  expect_one_line_error(r, "Error: ");
  EXPECT_LT(took, 10s);
}

TEST_F(TopicsTool, HelpListsTheFlags) {
  auto r = run_gregor({"topics", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r;
  for (const char* flag : {"--bootstrap-server", "--command-config", "--create", "--list", "--describe", "--alter",
                           "--delete", "--topic", "--partitions", "--replication-factor", "--replica-assignment",
                           "--config", "--delete-config", "--if-exists", "--if-not-exists", "--exclude-internal",
                           "--under-replicated-partitions", "--unavailable-partitions", "--topics-with-overrides"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace gregor::testing
