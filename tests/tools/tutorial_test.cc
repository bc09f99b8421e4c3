// The seed tutorial (Kafka's quick start driven by its scripts), with `gregor <tool>` in place of
// kafka-*.sh, run end to end against a real broker. Filled in once the tools have landed.
#include <gtest/gtest.h>

#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

TEST(ToolsTutorial, HelpListsEveryTool) {
  auto r = run_gregor({"--help"});
  ASSERT_EQ(r.exit_code, 0) << r;
  for (const char* tool : {"server", "topics", "configs", "console-producer", "console-consumer", "consumer-groups",
                           "producer-perf-test", "consumer-perf-test", "get-offsets", "delete-records", "dump-log"})
    EXPECT_NE(r.out.find(tool), std::string::npos) << tool;
}

}  // namespace
}  // namespace gregor::testing
