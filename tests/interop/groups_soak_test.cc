// Consumer-group soak: 20 groups x 3 confluent-kafka members closing and rejoining at random for
// 60s while a producer writes (groups_confluent_kafka.py "soak"), against the real broker. At the
// end every group must be Stable with all members assigned, every join must have completed within
// the rebalance timeout and no acknowledged commit may be lost. About 75s; ctest runs it alone
// (PROCESSORS 2) so the churn is not starved of CPU.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "interop/interop_support.h"

namespace gregor::testing {
namespace {

using namespace interop;

constexpr int soak_timeout_s = 240;

TEST(InteropGroupsSoak, ConfluentKafkaTwentyGroupsChurning) {
  ASSERT_NO_FATAL_FAILURE(require_confluent_kafka());
  ASSERT_NO_FATAL_FAILURE(require_kafka_python());  // offsets and topics are checked with kafka-python
  broker_process broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "100"}});
  ASSERT_TRUE(broker.start()) << "gregor did not start; binary " << gregor_binary();
  expect_script_ok(broker, python_script("groups_confluent_kafka.py") + " " + shell_quote(broker.bootstrap()) + " soak",
                   soak_timeout_s);
}

}  // namespace
}  // namespace gregor::testing
