// The client's network layer against the real broker: handshake, pipelining, metadata, failures.
#include <atomic>
#include <future>
#include <map>

#include <gtest/gtest.h>

#include "client/net/cluster_client.h"
#include "client/net/io_thread.h"
#include "protocol/messages/api_versions.h"
#include "support/broker_process.h"

namespace gregor::client {
namespace {

using testing::broker_process;

cluster_options options_for(const std::string& bootstrap) {
  cluster_options o;
  o.bootstrap = *parse_bootstrap_servers(bootstrap);
  o.connection.request_timeout_ms = 5000;
  o.connection.connect_timeout_ms = 2000;
  return o;
}

TEST(BootstrapServers, ParsesListsPortsAndIpv6) {
  auto r = parse_bootstrap_servers(" a:1 ,b,[::1]:9093,PLAINTEXT://c:7");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].host, "a");
  EXPECT_EQ((*r)[0].port, 1);
  EXPECT_EQ((*r)[1].port, 9092);
  EXPECT_EQ((*r)[2].host, "::1");
  EXPECT_EQ((*r)[2].port, 9093);
  EXPECT_EQ((*r)[3].host, "c");
  EXPECT_FALSE(parse_bootstrap_servers(""));
  EXPECT_FALSE(parse_bootstrap_servers("a:notaport"));
  EXPECT_FALSE(parse_bootstrap_servers("a:70000"));
}

TEST(ClusterClient, FetchesMetadataAndAutoCreatesTopics) {
  broker_process broker(std::map<std::string, std::string>{{"num.partitions", "3"}});
  ASSERT_TRUE(broker.start());
  io_thread io;
  cluster_client cluster(io.io(), options_for(broker.bootstrap()));
  std::promise<client_result<metadata_snapshot>> done;
  io.post([&] {
    cluster.refresh_metadata(std::vector<std::string>{"auto-made"},
                             [&](client_result<metadata_snapshot> r) { done.set_value(std::move(r)); });
  });
  auto r = done.get_future().get();
  ASSERT_TRUE(r) << r.error().describe();
  const auto& md = **r;
  ASSERT_EQ(md.brokers.size(), 1u);
  EXPECT_EQ(md.brokers.begin()->second.port, broker.port());
  EXPECT_TRUE(md.cluster_id.has_value());
  const topic_metadata* t = md.topic("auto-made");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->error_code, 0);
  ASSERT_EQ(t->partitions.size(), 3u);
  EXPECT_EQ(t->partitions[2].leader, md.brokers.begin()->first);
  // The snapshot is visible from any thread.
  EXPECT_NE(cluster.metadata()->topic("auto-made"), nullptr);
  io.call([&] { cluster.close(); });
}

TEST(ClusterClient, PipelinesManyRequestsOnOneConnection) {
  broker_process broker;
  ASSERT_TRUE(broker.start());
  io_thread io;
  cluster_client cluster(io.io(), options_for(broker.bootstrap()));
  constexpr int n = 500;
  std::atomic<int> ok{0};
  std::promise<void> all;
  std::atomic<int> left{n};
  io.post([&] {
    auto conn = cluster.least_loaded_connection();
    ASSERT_NE(conn, nullptr);
    protocol::api_versions_request request;
    request.client_software_name = "pipeline-test";
    request.client_software_version = "1";
    for (int i = 0; i < n; ++i) {
      conn->send<protocol::api_versions_response>(request,
                                                  [&](client_result<protocol::api_versions_response> r) {
                                                    if (r && r->error_code == 0 && !r->api_keys.empty()) ++ok;
                                                    if (--left == 0) all.set_value();
                                                  });
    }
    EXPECT_GE(conn->in_flight(), static_cast<size_t>(n));
  });
  all.get_future().get();
  EXPECT_EQ(ok.load(), n);
  io.call([&] { cluster.close(); });
}

TEST(ClusterClient, UnreachableBootstrapFailsWithinTheRequestTimeout) {
  io_thread io;
  auto options = options_for("127.0.0.1:" + std::to_string(testing::free_loopback_port()));
  options.connection.request_timeout_ms = 1500;
  cluster_client cluster(io.io(), options);
  std::promise<client_result<metadata_snapshot>> done;
  auto start = std::chrono::steady_clock::now();
  io.post([&] {
    cluster.refresh_metadata(std::nullopt, [&](client_result<metadata_snapshot> r) { done.set_value(std::move(r)); });
  });
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto r = future.get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, protocol::error_code::network_exception) << r.error().describe();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  io.call([&] { cluster.close(); });
}

TEST(ClusterClient, BrokerGoingAwayFailsRequestsInFlightAndReconnects) {
  broker_process broker;
  ASSERT_TRUE(broker.start());
  io_thread io;
  cluster_client cluster(io.io(), options_for(broker.bootstrap()));
  auto fetch_metadata = [&] {
    std::promise<client_result<metadata_snapshot>> done;
    io.post([&] {
      cluster.refresh_metadata(std::nullopt, [&](client_result<metadata_snapshot> r) { done.set_value(std::move(r)); });
    });
    return done.get_future().get();
  };
  ASSERT_TRUE(fetch_metadata());
  broker.kill();
  auto down = fetch_metadata();
  ASSERT_FALSE(down);
  ASSERT_TRUE(broker.start());
  // Backoff is short by default (50 ms doubling to 1 s): within a few tries we are back.
  client_result<metadata_snapshot> up = tl::make_unexpected(network_error("not tried"));
  for (int i = 0; i < 20 && !up; ++i) {
    up = fetch_metadata();
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(up) << up.error().describe();
  io.call([&] { cluster.close(); });
}

}  // namespace
}  // namespace gregor::client
