// The admin client's parts that need no broker: settings, result collections, member metadata.
#include <gtest/gtest.h>

#include "client/admin/admin_settings.h"
#include "client/admin/admin_test_support.h"
#include "client/assignors/consumer_protocol.h"
#include "gregor/admin.h"

namespace gregor::client::admin {
namespace {

using testing::assignment_v0;
using testing::subscription_v1;

TEST(AdminSettings, ReadsKafkaPythonAndDottedNames) {
  auto s = read_admin_settings(config{{"bootstrap.servers", "h1:1,h2"}, {"request_timeout_ms", 1234},
                                      {"retry.backoff.ms", 7}, {"metadata_max_age_ms", 99}, {"client_id", "me"}});
  ASSERT_EQ(s.common.cluster.bootstrap.size(), 2u);
  EXPECT_EQ(s.common.cluster.bootstrap[1].port, 9092);
  EXPECT_EQ(s.request_timeout_ms(), 1234);
  EXPECT_EQ(s.retry_backoff_ms, 7);
  EXPECT_EQ(s.common.metadata_max_age_ms, 99);
  EXPECT_EQ(s.common.cluster.connection.client_id, "me");
  // Describing a topic must never create it.
  EXPECT_FALSE(s.common.cluster.allow_auto_create_topics);
}

TEST(AdminSettings, DefaultsFollowKafkaPython) {
  auto s = read_admin_settings(config{});
  EXPECT_EQ(s.request_timeout_ms(), 30000);
  EXPECT_EQ(s.retry_backoff_ms, 100);
  EXPECT_EQ(s.common.cluster.bootstrap.at(0).host, "localhost");
}

TEST(AdminSettings, UnknownOrInvalidSettingsThrowConfigError) {
  EXPECT_THROW(kafka_admin_client(config{{"bootstrap_servers", "localhost:1"}, {"linger_ms", 5}}), config_error);
  EXPECT_THROW(kafka_admin_client(config{{"request_timeout_ms", "soon"}}), config_error);
  EXPECT_THROW(kafka_admin_client(config{{"bootstrap_servers", "host:notaport"}}), config_error);
}

std::shared_future<int> ready(int v) {
  std::promise<int> p;
  p.set_value(v);
  return p.get_future().share();
}

std::shared_future<int> failed(error_code code) {
  std::promise<int> p;
  p.set_exception(std::make_exception_ptr(kafka_error(code, "detail")));
  return p.get_future().share();
}

TEST(AdminResults, AllReturnsEveryValueOrThrowsTheFirstFailureInKeyOrder) {
  admin_results<std::string, int> ok({{"a", ready(1)}, {"b", ready(2)}});
  auto values = ok.all();
  EXPECT_EQ(values, (std::map<std::string, int>{{"a", 1}, {"b", 2}}));

  admin_results<std::string, int> mixed(
      {{"a", ready(1)}, {"b", failed(error_code::topic_already_exists)}, {"c", failed(error_code::invalid_partitions)}});
  EXPECT_EQ(mixed["a"].get(), 1);
  try {
    mixed.all();
    FAIL() << "all() did not throw";
  } catch (const kafka_error& e) {
    EXPECT_EQ(e.code(), error_code::topic_already_exists);
    EXPECT_EQ(e.name(), "TOPIC_ALREADY_EXISTS");
    EXPECT_EQ(std::string(e.what()), "TOPIC_ALREADY_EXISTS: detail");
  }
  EXPECT_THROW(mixed.at("zzz"), std::out_of_range);
  EXPECT_TRUE(mixed.contains("c"));
}

TEST(AdminResults, ItemsWithoutValuesOnlyReportFailures) {
  std::promise<void> done;
  done.set_value();
  admin_results<int, void> r({{1, done.get_future().share()}});
  EXPECT_NO_THROW(r.all());
  admin_results<int, void> none;
  EXPECT_NO_THROW(none.all());
}

// DescribeGroups' opaque member bytes, as the admin client reads them (client/assignors).
TEST(MemberMetadataReader, ReadsSubscriptionsAndAssignments) {
  auto subscription = client::decode_subscription(subscription_v1({"a", "b"}));
  ASSERT_TRUE(subscription);
  EXPECT_EQ(subscription->topics, (std::vector<std::string>{"a", "b"}));
  auto assigned = client::decode_assignment(assignment_v0({{"b", {1, 0}}, {"a", {2}}}));
  ASSERT_TRUE(assigned);
  EXPECT_EQ(client::flatten(assigned->assigned_partitions), (std::vector<topic_partition>{{"a", 2}, {"b", 0}, {"b", 1}}));
}

TEST(MemberMetadataReader, EmptyAssignmentIsNothingAndGarbageIsRefused) {
  auto empty = client::decode_assignment(shared_bytes{});
  ASSERT_TRUE(empty);
  EXPECT_EQ(client::flatten(empty->assigned_partitions), std::vector<topic_partition>{});
  EXPECT_FALSE(client::decode_assignment(shared_bytes::copy_of(std::string_view("\x00\x00\x7f\xff\xff\xff", 6))));
  EXPECT_FALSE(client::decode_subscription(shared_bytes::copy_of(std::string_view("\xff\xff", 2))));
  EXPECT_FALSE(client::decode_subscription(shared_bytes::copy_of(std::string_view("\x00", 1))));
}

TEST(ConsumerGroupState, UsesKafkasSpelling) {
  for (auto s : {consumer_group_state::stable, consumer_group_state::empty, consumer_group_state::dead,
                 consumer_group_state::preparing_rebalance, consumer_group_state::completing_rebalance}) {
    EXPECT_EQ(parse_consumer_group_state(to_string(s)), s);
  }
  EXPECT_EQ(to_string(consumer_group_state::completing_rebalance), "CompletingRebalance");
  EXPECT_EQ(parse_consumer_group_state("Assigning"), consumer_group_state::unknown);
}

TEST(OffsetSpec, CarriesKafkasSpecialTimestamps) {
  EXPECT_EQ(offset_spec::earliest().wire_timestamp(), -2);
  EXPECT_EQ(offset_spec::latest().wire_timestamp(), -1);
  EXPECT_EQ(offset_spec::max_timestamp().wire_timestamp(), -3);
  EXPECT_EQ(offset_spec::for_timestamp(1700000000000).wire_timestamp(), 1700000000000);
}

}  // namespace
}  // namespace gregor::client::admin
