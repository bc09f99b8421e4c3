// Consumer-group interop tests: the group patterns real clients use (kafka-python, confluent-kafka /
// librdkafka, kcat -G, kafkajs) against the real `gregor server` binary.
//
// Each test starts its own broker on a free loopback port with a short
// group.initial.rebalance.delay.ms, runs one scenario of a groups_*.py script (or kafkajs), and
// expects exit status 0. The scripts check real outcomes (assignments seen by the members and by
// DescribeGroups, committed offsets, exact record values) and print "FAIL: ..." on the first
// mismatch; this test then prints their output and the tail of the broker log. The restart tests
// commit, restart the broker (SIGTERM, or SIGKILL once the commit was acknowledged) and resume.
//
// The soak test (20 groups x 3 churning members, ~75s) is in groups_soak_test.cc.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "interop/interop_support.h"

namespace gregor::testing {
namespace {

using namespace interop;

// 100ms: a group's first rebalance waits that long for more members (Kafka's default is 3s).
const std::map<std::string, std::string> group_broker_properties{{"group.initial.rebalance.delay.ms", "100"}};

class InteropGroups : public ::testing::Test {
 protected:
  InteropGroups() : broker_(group_broker_properties) {}
  void SetUp() override { ASSERT_TRUE(broker_.start()) << "gregor did not start; binary " << gregor_binary(); }

  std::string bootstrap() const { return shell_quote(broker_.bootstrap()); }
  std::string state_file() const { return shell_quote((broker_.data_dir().parent_path() / "client-state.json").string()); }

  void scenario(const std::string& script, const std::string& name) {
    expect_script_ok(broker_, script + " " + bootstrap() + " " + name);
  }

  enum class restart_kind { clean, crash };

  // Commit phase, restart (SIGTERM, or SIGKILL after the commit was acknowledged), resume phase.
  void commit_restart_resume(restart_kind kind) {
    std::string script = python_script("groups_kafka_python.py");
    expect_script_ok(broker_, script + " " + bootstrap() + " commit-before-restart " + state_file());
    if (HasFailure()) return;
    if (kind == restart_kind::clean) {
      ASSERT_TRUE(broker_.restart()) << "broker did not come back after a clean restart";
    } else {
      broker_.kill();
      ASSERT_TRUE(broker_.start()) << "broker did not come back after SIGKILL";
    }
    expect_script_ok(broker_, script + " " + bootstrap() + " resume-after-restart " + state_file());
  }

  broker_process broker_;
};

// --- kafka-python 2.0.2 ---

TEST_F(InteropGroups, KafkaPythonRebalanceOnJoinLeaveAndKill) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  scenario(python_script("groups_kafka_python.py"), "rebalance");
}

TEST_F(InteropGroups, KafkaPythonCommitSurvivesCleanRestart) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  commit_restart_resume(restart_kind::clean);
}

TEST_F(InteropGroups, KafkaPythonCommitSurvivesCrash) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  commit_restart_resume(restart_kind::crash);
}

TEST_F(InteropGroups, KafkaPythonAutoCommit) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  scenario(python_script("groups_kafka_python.py"), "auto-commit");
}

TEST_F(InteropGroups, KafkaPythonPatternSubscriptionPicksUpNewTopic) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  scenario(python_script("groups_kafka_python.py"), "pattern");
}

TEST_F(InteropGroups, KafkaPythonAdminListDescribeOffsetsDelete) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  scenario(python_script("groups_kafka_python.py"), "admin");
}

// --- confluent-kafka 1.7.0 / librdkafka 2.0.2 ---

TEST_F(InteropGroups, ConfluentKafkaAsyncCommitAndSeek) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  scenario(python_script("groups_confluent_kafka.py"), "async-commit-seek");
}

TEST_F(InteropGroups, ConfluentKafkaStaticMemberRestartsWithoutRebalance) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  scenario(python_script("groups_confluent_kafka.py"), "static-membership");
}

TEST_F(InteropGroups, ConfluentKafkaCooperativeStickyRevokesOnlyMovedPartitions) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  scenario(python_script("groups_confluent_kafka.py"), "cooperative-sticky");
}

TEST_F(InteropGroups, ConfluentKafkaAdminListGroups) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  scenario(python_script("groups_confluent_kafka.py"), "admin");
}

// --- kcat 1.7.1 ---

TEST_F(InteropGroups, KcatBalancedConsumersSplitAndConsumeOnce) {
  ASSERT_NO_FATAL_FAILURE(require_kcat());
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());  // the driver produces and checks with kafka-python
  scenario(python_script("groups_kcat.py"), "balanced");
}

// --- kafkajs 2.2.4 ---

TEST_F(InteropGroups, KafkajsConsumeCommitResume) {
  ASSERT_NO_FATAL_FAILURE(require_kafkajs());
  scenario(kafkajs_script(), "consume-group");
}

}  // namespace
}  // namespace gregor::testing
