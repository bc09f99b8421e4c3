// Cross-client interop (ctest label "interop"): Gregor's C++ client against kafka-python and
// confluent-kafka (librdkafka), through the real gregor broker.
//
// Each test starts its own broker on a free loopback port and runs one scenario of
// client_interop.py, which drives client_interop_tool (the C++ client) and the Python clients and
// compares records byte for byte. A missing Python client is a failure naming the package.
#include <gtest/gtest.h>

#include <string>

#include "interop/interop_support.h"

namespace gregor::testing {
namespace {

using namespace interop;

class ClientInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(require_kafka_python());
    ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
    ASSERT_TRUE(broker_.start()) << "gregor did not start; binary " << gregor_binary();
  }

  void run_scenario(const std::string& scenario) {
    std::string script = std::string(CLIENT_INTEROP_DIR) + "/client_interop.py";
    expect_script_ok(broker_, std::string(python) + " " + shell_quote(script) + " " +
                                  shell_quote(broker_.bootstrap()) + " " + shell_quote(CLIENT_INTEROP_TOOL) + " " +
                                  scenario,
                     90);
  }

  broker_process broker_;
};

// Our producer, every codec, read back by kafka-python and confluent-kafka.
TEST_F(ClientInterop, OurRecordsReadIdenticallyByPythonClients) { run_scenario("ours-to-python"); }

// kafka-python and confluent-kafka producers, every codec, read back by our consumer.
TEST_F(ClientInterop, PythonClientRecordsReadIdenticallyByOurConsumer) { run_scenario("python-to-ours"); }

// Our default partitioner == librdkafka's murmur2_random == kafka-python's default, for 1000 keys.
TEST_F(ClientInterop, KeyedPartitioningMatchesLibrdkafkaAndKafkaPython) { run_scenario("partitioning"); }

}  // namespace
}  // namespace gregor::testing
