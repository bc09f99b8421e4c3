// Interop tests: real, unmodified Kafka clients (kafka-python, confluent-kafka/librdkafka, kcat,
// kafkajs) against the real `gregor server` binary.
//
// Each test starts its own broker on a free loopback port, runs one client script from
// tests/interop/ with the bootstrap address and a scenario name, and expects exit status 0. The
// scripts do all the checking and print "FAIL: ..." on the first mismatch; on failure this test
// prints the script's output and the tail of the broker log. The restart tests run a produce phase,
// restart the broker (SIGTERM, or SIGKILL for a crash) and run a verify phase.
//
// A missing client is a failure naming the package, never a skip: `make test` installs them all.
#include <gtest/gtest.h>

#include "interop/interop_support.h"

namespace gregor::testing {
namespace {

using namespace interop;

class Interop : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(broker_.start()) << "gregor did not start; binary " << gregor_binary(); }

  std::string bootstrap() const { return shell_quote(broker_.bootstrap()); }
  std::string state_file() const { return shell_quote((broker_.data_dir().parent_path() / "client-state.json").string()); }

  enum class restart_kind { clean, crash };

  // Produce phase, restart (SIGTERM or SIGKILL), verify phase.
  void produce_restart_verify(const std::string& script, restart_kind kind) {
    expect_script_ok(broker_, script + " " + bootstrap() + " produce-durable " + state_file());
    if (HasFailure()) return;
    if (kind == restart_kind::clean) {
      ASSERT_TRUE(broker_.restart()) << "broker did not come back after a clean restart";
    } else {
      broker_.kill();
      ASSERT_TRUE(broker_.start()) << "broker did not come back after SIGKILL";
    }
    expect_script_ok(broker_, script + " " + bootstrap() + " verify-durable " + state_file());
  }

  broker_process broker_;
};

// --- kafka-python 2.0.2 ---

TEST_F(Interop, KafkaPythonRoundTripAllCodecs) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  expect_script_ok(broker_, python_script("kafka_python_client.py") + " " + bootstrap() + " roundtrip");
}

TEST_F(Interop, KafkaPythonAckedRecordsSurviveCleanRestart) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  produce_restart_verify(python_script("kafka_python_client.py"), restart_kind::clean);
}

TEST_F(Interop, KafkaPythonAckedRecordsSurviveCrash) {
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());
  produce_restart_verify(python_script("kafka_python_client.py"), restart_kind::crash);
}

// --- confluent-kafka 1.7.0 / librdkafka 2.0.2 ---

TEST_F(Interop, ConfluentKafkaRoundTripAllCodecs) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  expect_script_ok(broker_, python_script("confluent_kafka_client.py") + " " + bootstrap() + " roundtrip");
}

TEST_F(Interop, ConfluentKafkaIdempotentRoundTripAllCodecs) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  expect_script_ok(broker_, python_script("confluent_kafka_client.py") + " " + bootstrap() + " roundtrip-idempotent");
}

TEST_F(Interop, ConfluentKafkaIdempotentRecordsSurviveCleanRestartOnce) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  produce_restart_verify(python_script("confluent_kafka_client.py"), restart_kind::clean);
}

TEST_F(Interop, ConfluentKafkaIdempotentRecordsSurviveCrashOnce) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  produce_restart_verify(python_script("confluent_kafka_client.py"), restart_kind::crash);
}

// --- kcat 1.7.1 ---

TEST_F(Interop, KcatRoundTripAllCodecs) {
  ASSERT_NO_FATAL_FAILURE(require_kcat());
  expect_script_ok(broker_, "bash " + shell_quote((interop_dir() / "kcat_client.sh").string()) + " " + bootstrap() +
                                " roundtrip");
}

// --- kafkajs 2.2.4 ---

TEST_F(Interop, KafkajsAdminAndProduce) {
  ASSERT_NO_FATAL_FAILURE(require_kafkajs());
  expect_script_ok(broker_, kafkajs_script() + " " + bootstrap() + " admin-produce");
}

// kafkajs's "consume-group" scenario runs in groups_interop_test.cc with the other group tests.

}  // namespace
}  // namespace gregor::testing
