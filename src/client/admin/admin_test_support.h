// admin_test_support: what the admin client's integration tests share — one real broker per test
// process (ctest runs each test in its own process; a direct run shares it, so every test uses
// names of its own) and helpers to read a future's error.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "gregor/admin.h"
#include "protocol/codec/writer.h"
#include "support/broker_process.h"

namespace gregor::client::admin::testing {

using gregor::testing::broker_process;

// The broker of this test process, started on first use and stopped at exit.
inline broker_process& shared_broker() {
  static broker_process broker(std::map<std::string, std::string>{
      {"group.initial.rebalance.delay.ms", "0"}, {"num.partitions", "2"}, {"offsets.topic.num.partitions", "3"}});
  static bool started = broker.start();
  EXPECT_TRUE(started) << "the broker did not start";
  return broker;
}

// A name no other test of this process uses.
inline std::string unique_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

inline std::unique_ptr<kafka_admin_client> make_admin(const std::string& bootstrap, int request_timeout_ms = 10000) {
  return std::make_unique<kafka_admin_client>(
      config{{"bootstrap_servers", bootstrap}, {"request_timeout_ms", request_timeout_ms}, {"retry_backoff_ms", 50}});
}

// The code a future failed with (none when it succeeded); other exceptions fail the test.
template <class Future>
error_code error_of(const Future& future) {
  try {
    future.get();
  } catch (const kafka_error& e) {
    return e.code();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a kafka_error: " << e.what();
    return error_code::unknown_server_error;
  }
  return error_code::none;
}

// The message a future failed with ("" when it succeeded).
template <class Future>
std::string message_of(const Future& future) {
  try {
    future.get();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// ConsumerProtocolSubscription v1 bytes: version, topics, null user data, no owned partitions.
inline shared_bytes subscription_v1(const std::vector<std::string>& topics) {
  protocol::writer w;
  w.i16(1);
  w.i32(static_cast<int32_t>(topics.size()));
  for (const auto& t : topics) {
    w.i16(static_cast<int16_t>(t.size()));
    w.raw(t);
  }
  w.i32(-1);
  w.i32(0);
  return shared_bytes::adopt(w.flatten());
}

// ConsumerProtocolAssignment v0 bytes: version, topics with partitions, null user data.
inline shared_bytes assignment_v0(const std::map<std::string, std::vector<int32_t>>& parts) {
  protocol::writer w;
  w.i16(0);
  w.i32(static_cast<int32_t>(parts.size()));
  for (const auto& [t, ps] : parts) {
    w.i16(static_cast<int16_t>(t.size()));
    w.raw(t);
    w.i32(static_cast<int32_t>(ps.size()));
    for (int32_t p : ps) w.i32(p);
  }
  w.i32(-1);
  return shared_bytes::adopt(w.flatten());
}

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = make_admin(broker().bootstrap()); }
  broker_process& broker() { return shared_broker(); }
  kafka_admin_client& admin() { return *admin_; }

  // Creates topics and waits for them; fails the test if any could not be created.
  void create(const std::string& topic, int32_t partitions, std::map<std::string, std::string> configs = {}) {
    new_topic t;
    t.name = topic;
    t.num_partitions = partitions;
    t.replication_factor = 1;
    t.configs = std::move(configs);
    auto r = admin().create_topics({t});
    ASSERT_EQ(error_of(r[topic]), error_code::none) << message_of(r[topic]);
  }

  std::unique_ptr<kafka_admin_client> admin_;
};

}  // namespace gregor::client::admin::testing
