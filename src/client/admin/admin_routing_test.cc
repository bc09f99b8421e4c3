// Routing across several brokers, against librdkafka's mock cluster (3 brokers): requests must
// reach each partition's leader and each group's coordinator, which the mock spreads over its
// brokers and enforces (NOT_LEADER_OR_FOLLOWER, NOT_COORDINATOR otherwise). Also a broker restart
// on Gregor, which makes the coordinator reload its groups (COORDINATOR_LOAD_IN_PROGRESS).
//
// The mock of librdkafka 2.0.2 garbles ListOffsets answers naming several partitions of a topic
// and fails OffsetFetch for "all partitions" (null topics), so against it we ask one partition
// per ListOffsets and name the partitions we fetch; Gregor's own tests cover those forms.
#include <set>

#include "client/admin/admin_test_support.h"
#include "support/rdkafka_mock_process.h"

namespace gregor::client::admin::testing {
namespace {

using namespace std::chrono_literals;

TEST(AdminRouting, PartitionRequestsGoToLeadersAndGroupRequestsToCoordinators) {
  gregor::testing::rdkafka_mock_process mock;
  ASSERT_TRUE(mock.start(3, {{"spread", 6}}));
  auto admin = make_admin(mock.bootstrap(), 8000);

  auto cluster = admin->describe_cluster().get();
  EXPECT_EQ(cluster.nodes.size(), 3u);

  auto topic = admin->describe_topics({"spread"}).all().at("spread");
  ASSERT_EQ(topic.partitions.size(), 6u);
  std::set<int32_t> leaders;
  for (const auto& p : topic.partitions) leaders.insert(p.leader);
  EXPECT_GT(leaders.size(), 1u) << "the mock should spread leaders";

  for (int32_t p = 0; p < 6; ++p) {
    topic_partition tp{"spread", p};
    EXPECT_EQ(admin->list_offsets({{tp, offset_spec::latest()}})[tp].get().offset, 0) << p;
  }

  // Several groups land on different coordinators; each round trip must find its own.
  for (int g = 0; g < 6; ++g) {
    std::string group = "group-" + std::to_string(g);
    std::map<topic_partition, offset_and_metadata> committed{{{"spread", g}, {100 + g, "m", -1}}};
    admin->alter_consumer_group_offsets(group, committed).all();
    auto listed = admin->list_consumer_group_offsets(group, std::vector<topic_partition>{{"spread", g}}).get();
    EXPECT_EQ(listed, committed) << group;
  }
}

TEST(AdminRouting, GroupCallsRideOutACoordinatorReloadingAfterARestart) {
  broker_process broker(std::map<std::string, std::string>{{"offsets.topic.num.partitions", "3"}});
  ASSERT_TRUE(broker.start());
  auto admin = make_admin(broker.bootstrap(), 10000);
  admin->create_topics({{.name = "kept", .num_partitions = 2}}).all();
  std::map<topic_partition, offset_and_metadata> committed{{{"kept", 0}, {42, "", -1}}, {{"kept", 1}, {7, "", -1}}};
  admin->alter_consumer_group_offsets("survivor", committed).all();

  ASSERT_TRUE(broker.restart());
  // Connections were reset and the group is loaded again in the background: retried, not failed.
  EXPECT_EQ(admin->list_consumer_group_offsets("survivor").get(), committed);
  EXPECT_EQ(admin->describe_consumer_groups({"survivor"}).all().at("survivor").state, consumer_group_state::empty);
  EXPECT_EQ(admin->list_offsets({{{"kept", 1}, offset_spec::latest()}}).all().at({"kept", 1}).offset, 0);
}

}  // namespace
}  // namespace gregor::client::admin::testing
