// The admin client when brokers are missing: no broker at all, a broker that goes away and comes
// back, and a client destroyed with operations in flight. Nothing may hang past its timeout.
#include <thread>

#include "client/admin/admin_test_support.h"

namespace gregor::client::admin::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

template <class Future>
bool ready_within(const Future& f, std::chrono::milliseconds limit) {
  return f.wait_for(limit) == std::future_status::ready;
}

TEST(AdminFailures, NoReachableBrokerFailsWithinTheTimeout) {
  auto admin = make_admin("127.0.0.1:" + std::to_string(gregor::testing::free_loopback_port()), 1500);
  auto start = clock_type::now();
  auto created = admin->create_topics({{.name = "t"}});
  auto cluster = admin->describe_cluster();
  auto groups = admin->describe_consumer_groups({"g"});
  auto quick = admin->list_topics({.timeout = 300ms});
  ASSERT_TRUE(ready_within(created["t"], 5s));
  ASSERT_TRUE(ready_within(cluster, 5s));
  ASSERT_TRUE(ready_within(groups["g"], 5s));
  EXPECT_LT(clock_type::now() - start, 4s);
  EXPECT_THROW(created["t"].get(), no_brokers_available);
  EXPECT_THROW(cluster.get(), no_brokers_available);
  EXPECT_THROW(groups["g"].get(), no_brokers_available);
  // An explicit timeout overrides request_timeout_ms.
  ASSERT_TRUE(quick.wait_for(0ms) == std::future_status::ready);
  EXPECT_THROW(quick.get(), no_brokers_available);
}

TEST(AdminFailures, ABrokerThatWentAwayGivesTimeoutsUntilItIsBack) {
  broker_process broker;
  ASSERT_TRUE(broker.start());
  auto admin = make_admin(broker.bootstrap(), 10000);
  admin->describe_cluster().get();
  broker.kill();
  auto start = clock_type::now();
  auto listed = admin->list_topics({.timeout = 800ms});
  ASSERT_TRUE(ready_within(listed, 5s));
  EXPECT_LT(clock_type::now() - start, 3s);
  EXPECT_THROW(listed.get(), kafka_timeout_error);  // a broker answered once: not "no brokers"

  ASSERT_TRUE(broker.start());
  // Retries ride out the reconnect backoff within one call.
  auto cluster = admin->describe_cluster({.timeout = 8s}).get();
  EXPECT_EQ(cluster.nodes.size(), 1u);
}

TEST(AdminFailures, DestroyingTheClientFailsWhatIsStillRunning) {
  auto admin = make_admin("127.0.0.1:" + std::to_string(gregor::testing::free_loopback_port()), 60000);
  auto listed = admin->list_topics();
  auto deleted = admin->delete_topics({"a", "b"});
  std::this_thread::sleep_for(50ms);
  auto start = clock_type::now();
  admin.reset();
  EXPECT_LT(clock_type::now() - start, 2s);
  ASSERT_TRUE(ready_within(listed, 0ms));
  EXPECT_EQ(error_of(listed), error_code::network_exception);
  EXPECT_NE(message_of(listed).find("closed"), std::string::npos);
  EXPECT_EQ(error_of(deleted["b"]), error_code::network_exception);
}

}  // namespace
}  // namespace gregor::client::admin::testing
