// Runs every example program against a real gregor broker and checks that it exits 0 and prints
// the lines that show it did its job. One broker serves the whole suite; each example gets its own
// name suffix so that its topics and groups are its own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "interop/interop_support.h"
#include "support/broker_process.h"

namespace gregor::testing {
namespace {

using ::testing::HasSubstr;

class Examples : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    broker_ = std::make_unique<broker_process>();
    if (!broker_->start()) broker_.reset();
  }
  static void TearDownTestSuite() { broker_.reset(); }
  void SetUp() override { ASSERT_NE(broker_, nullptr) << "gregor did not start; binary " << gregor_binary(); }

  // Runs examples/<name> with a fresh suffix; expects exit 0 and every line in `expected`.
  void run_example(const std::string& name, const std::vector<std::string>& expected) {
    std::string command = interop::shell_quote(std::string(GREGOR_EXAMPLES_DIR) + "/" + name) + " " +
                          interop::shell_quote(broker_->bootstrap()) + " test-" + name;
    interop::run_result r = interop::run(command, 60);
    EXPECT_EQ(r.exit_code, 0) << "command: " << command << "\n--- output ---\n"
                              << r.output << "\n--- broker log (tail) ---\n"
                              << interop::log_tail(*broker_);
    for (const auto& line : expected) EXPECT_THAT(r.output, HasSubstr(line)) << "missing line in output of " << name;
    EXPECT_THAT(r.output, HasSubstr("OK\n"));
  }

  static std::unique_ptr<broker_process> broker_;
};
std::unique_ptr<broker_process> Examples::broker_;

TEST_F(Examples, ProducerFuturesAndCallbacks) {
  run_example("producer_futures_and_callbacks",
              {"sync send: topic=example-producer-test-producer_futures_and_callbacks partition=",
               "async send: 10 delivered, 0 failed via callback", "fire-and-forget: 100 records flushed",
               "(same)", "headers send: 2 headers", "then callback: ran"});
}

TEST_F(Examples, JsonSerializer) {
  run_example("json_serializer", {"produced {\"id\":\"o-1\"", "consumed key=o-3 item=plum \"red\" quantity=12",
                                  "round trip: 3/3 orders equal"});
}

TEST_F(Examples, ConsumerGroup) {
  run_example("consumer_group", {"consumed 20 records as group example-group-test-consumer_group",
                                 "committed offsets sum to 20"});
}

TEST_F(Examples, ManualAssignSeek) {
  run_example("manual_assign_seek", {"after seek_to_end position=10", "after seek_to_beginning position=0",
                                     "read offset 5 value=record-5", "read offset 9 value=record-9",
                                     "beginning_offsets=0 end_offsets=10"});
}

TEST_F(Examples, PatternSubscribe) {
  run_example("pattern_subscribe", {"created example-pattern-test-pattern_subscribe-late after subscribing",
                                    "received from example-pattern-test-pattern_subscribe-late",
                                    "matched 3 topics, ignored example-nomatch-test-pattern_subscribe"});
}

TEST_F(Examples, PauseResume) {
  run_example("pause_resume", {"while paused: partition 0 gave 0, partition 1 gave 5",
                               "after resume: partition 0 gave 5"});
}

TEST_F(Examples, AdminCreateTopic) {
  run_example("admin_create_topic", {"created example-admin-test-admin_create_topic with 3 partitions",
                                     "retention.ms=3600000", "grew to 4 partitions",
                                     "creating it again: TOPIC_ALREADY_EXISTS", "listed: no"});
}

}  // namespace
}  // namespace gregor::testing
