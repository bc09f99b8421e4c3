// tool_test: the base of the CLI tool test suites. One real broker per suite (declared in
// SetUpTestSuite with the suite's server properties, started by the first test), names no other test uses, an admin client
// to check what a tool did, and `gregor <tool> --bootstrap-server <broker> ...` runs.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gregor/admin.h"
#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor::testing {

using args = std::vector<std::string>;

class tool_test : public ::testing::Test {
 protected:
  // Call from the suite's SetUpTestSuite / TearDownTestSuite. The broker itself starts in the
  // first test's SetUp: gtest reports every test of a suite whose SetUpTestSuite failed as
  // skipped, which ctest counts as passing, while a failed SetUp fails its test.
  static void start_broker(std::map<std::string, std::string> properties = {}) {
    broker_ = std::make_unique<broker_process>(std::move(properties));
    started_.reset();
  }
  static void stop_broker() {
    admin_.reset();
    broker_.reset();
  }

  void SetUp() override {
    ASSERT_TRUE(broker_) << "the suite's SetUpTestSuite must call start_broker()";
    if (!started_) started_ = broker_->start();
    ASSERT_TRUE(*started_) << "the suite's broker did not start";
  }

  static broker_process& broker() { return *broker_; }
  static std::string bootstrap() { return broker_->bootstrap(); }

  // `base` made unique to this process and call: topics and groups of one test never meet another's.
  static std::string unique(const std::string& base) {
    static std::atomic<int> counter{0};
    return base + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  }

  // An admin client of the suite's broker, made on first use.
  static kafka_admin_client& admin() {
    if (!admin_) admin_ = std::make_unique<kafka_admin_client>(config{{"bootstrap_servers", bootstrap()}});
    return *admin_;
  }

  static void create_topic(const std::string& name, int32_t partitions = 1,
                           std::map<std::string, std::string> configs = {}) {
    admin().create_topics({{.name = name, .num_partitions = partitions, .replication_factor = 1, .configs = configs}})
        .all();
  }

  // gregor <tool> --bootstrap-server <broker> <extra...>, with `input` on stdin.
  static tool_result run_tool(const std::string& tool, const args& extra, std::string_view input = {},
                              std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    args a = {tool, "--bootstrap-server", bootstrap()};
    a.insert(a.end(), extra.begin(), extra.end());
    return run_gregor(a, input, timeout);
  }

 private:
  inline static std::unique_ptr<broker_process> broker_;
  inline static std::unique_ptr<kafka_admin_client> admin_;
  inline static std::optional<bool> started_;
};

}  // namespace gregor::testing
