// The seed tutorial (Kafka's quick start driven by its scripts), with `gregor <tool>` in place of
// kafka-*.sh, run end to end against a real broker: each step checks the output a Kafka user
// would see there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

bool has_line(const std::string& text, const std::string& wanted) {
  for (const auto& line : lines_of(text))
    if (line == wanted) return true;
  return false;
}

TEST(ToolsTutorial, HelpListsEveryTool) {
  auto r = run_gregor({"--help"});
  ASSERT_EQ(r.exit_code, 0) << r;
  for (const char* tool : {"server", "topics", "configs", "console-producer", "console-consumer", "consumer-groups",
                           "producer-perf-test", "consumer-perf-test", "get-offsets", "delete-records", "dump-log"})
    EXPECT_NE(r.out.find(tool), std::string::npos) << tool;
}

TEST(ToolsTutorial, EveryToolHasHelpAndRejectsUnknownFlags) {
  for (const char* tool : {"topics", "configs", "console-producer", "console-consumer", "consumer-groups",
                           "producer-perf-test", "consumer-perf-test", "get-offsets", "delete-records", "dump-log"}) {
    auto help = run_gregor({tool, "--help"});
    EXPECT_EQ(help.exit_code, 0) << tool << ": " << help;
    EXPECT_NE(help.out.find("--"), std::string::npos) << tool << ": " << help;
    auto bad = run_gregor({tool, "--no-such-flag"});
    EXPECT_NE(bad.exit_code, 0) << tool << ": " << bad;
    EXPECT_NE(bad.err.find("no-such-flag"), std::string::npos) << tool << ": " << bad;
    EXPECT_EQ(lines_of(bad.err).size(), 1u) << tool << ": " << bad;
    auto missing_value = run_gregor({tool, "--bootstrap-server"});
    EXPECT_NE(missing_value.exit_code, 0) << tool << ": " << missing_value;
    EXPECT_EQ(lines_of(missing_value.err).size(), 1u) << tool << ": " << missing_value;
  }
}

TEST(ToolsTutorial, SeedTutorialEndToEnd) {
  broker_process broker;
  ASSERT_TRUE(broker.start());
  const std::string bs = broker.bootstrap();

  // kafka-topics.sh --create --bootstrap-server ... --replication-factor 1 --partitions 1 --topic test
  auto created = run_gregor({"topics", "--create", "--bootstrap-server", bs, "--replication-factor", "1",
                             "--partitions", "1", "--topic", "test"});
  ASSERT_EQ(created.exit_code, 0) << created;
  EXPECT_TRUE(has_line(created.out, "Created topic test.")) << created;

  // kafka-topics.sh --list
  auto listed = run_gregor({"topics", "--list", "--bootstrap-server", bs});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  EXPECT_TRUE(has_line(listed.out, "test")) << listed;

  // kafka-console-producer.sh --topic test, ten lines typed in
  std::string typed;
  for (int i = 1; i <= 10; ++i) typed += "This is message " + std::to_string(i) + "\n";
  auto produced = run_gregor({"console-producer", "--bootstrap-server", bs, "--topic", "test"}, typed);
  ASSERT_EQ(produced.exit_code, 0) << produced;
  EXPECT_EQ(produced.err, "") << produced;

  // kafka-console-consumer.sh --topic test --from-beginning: the ten lines, in order
  auto consumed = run_gregor({"console-consumer", "--bootstrap-server", bs, "--topic", "test", "--from-beginning",
                              "--max-messages", "10"},
                             {}, 60s);
  ASSERT_EQ(consumed.exit_code, 0) << consumed;
  EXPECT_EQ(consumed.out, typed) << consumed;
  EXPECT_NE(consumed.err.find("Processed a total of 10 messages"), std::string::npos) << consumed;

  // kafka-topics.sh --alter --topic test --config max.message.bytes=128000, then --describe shows it
  auto altered = run_gregor({"topics", "--bootstrap-server", bs, "--alter", "--topic", "test", "--config",
                             "max.message.bytes=128000"});
  ASSERT_EQ(altered.exit_code, 0) << altered;
  auto described = run_gregor({"topics", "--bootstrap-server", bs, "--describe", "--topic", "test"});
  ASSERT_EQ(described.exit_code, 0) << described;
  EXPECT_NE(described.out.find("Topic: test"), std::string::npos) << described;
  EXPECT_NE(described.out.find("PartitionCount: 1"), std::string::npos) << described;
  EXPECT_NE(described.out.find("max.message.bytes=128000"), std::string::npos) << described;
  EXPECT_NE(described.out.find("Partition: 0"), std::string::npos) << described;
  auto configs = run_gregor({"configs", "--bootstrap-server", bs, "--describe", "--entity-type", "topics",
                             "--entity-name", "test"});
  ASSERT_EQ(configs.exit_code, 0) << configs;
  EXPECT_NE(configs.out.find("max.message.bytes=128000"), std::string::npos) << configs;

  // kafka-topics.sh --alter --topic test --deleteConfig max.message.bytes
  auto removed = run_gregor({"topics", "--bootstrap-server", bs, "--alter", "--topic", "test", "--deleteConfig",
                             "max.message.bytes"});
  ASSERT_EQ(removed.exit_code, 0) << removed;
  described = run_gregor({"topics", "--bootstrap-server", bs, "--describe", "--topic", "test"});
  ASSERT_EQ(described.exit_code, 0) << described;
  EXPECT_EQ(described.out.find("max.message.bytes"), std::string::npos) << described;

  // kafka-topics.sh --delete --topic test
  auto deleted = run_gregor({"topics", "--bootstrap-server", bs, "--delete", "--topic", "test"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted;
  listed = run_gregor({"topics", "--list", "--bootstrap-server", bs});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  EXPECT_FALSE(has_line(listed.out, "test")) << listed;

  // The old ZooKeeper form gets a clear pointer to --bootstrap-server.
  auto zk = run_gregor({"topics", "--zookeeper", "localhost:2181", "--list"});
  EXPECT_NE(zk.exit_code, 0) << zk;
  EXPECT_NE(zk.err.find("--bootstrap-server"), std::string::npos) << zk;
}

TEST(ToolsTutorial, UnreachableBrokerFailsWithinTheTimeout) {
  auto dir = std::filesystem::temp_directory_path() / ("gregor-tools-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto props = dir / "client.properties";
  std::ofstream(props) << "request.timeout.ms=2000\n";
  std::string bs = "127.0.0.1:" + std::to_string(free_loopback_port());
  auto start = std::chrono::steady_clock::now();
  auto r = run_gregor({"topics", "--list", "--bootstrap-server", bs, "--command-config", props.string()}, {}, 30s);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_FALSE(r.timed_out) << r;
  EXPECT_LT(took, 15s);
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gregor::testing
