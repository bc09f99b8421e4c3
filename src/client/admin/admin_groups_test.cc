// Consumer groups through the admin client against the real broker: offsets committed from
// outside the group, then listed, deleted and the group itself deleted; a group with a live
// member (joined by hand with JoinGroup/SyncGroup) described with its decoded assignment.
#include <algorithm>

#include "client/admin/admin_test_support.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/sync_group.h"
#include "support/kafka_client.h"

namespace gregor::client::admin::testing {
namespace {

using AdminGroups = AdminTest;
using offsets = std::map<topic_partition, offset_and_metadata>;

std::optional<consumer_group_listing> find_group(const std::vector<consumer_group_listing>& groups,
                                                 const std::string& id) {
  for (const auto& g : groups)
    if (g.group_id == id) return g;
  return std::nullopt;
}

TEST_F(AdminGroups, OffsetsCommittedFromOutsideAreListedDeletedAndTheGroupWithThem) {
  std::string group = unique_name("simple-group"), topic = unique_name("group-topic");
  create(topic, 3);
  offsets committed{{{topic, 0}, {10, "first", -1}}, {{topic, 1}, {20, "", -1}}};
  admin().alter_consumer_group_offsets(group, committed).all();

  EXPECT_EQ(admin().list_consumer_group_offsets(group).get(), committed);
  // Asking for partitions: those without a commit are left out.
  auto some = admin().list_consumer_group_offsets(group, std::vector<topic_partition>{{topic, 1}, {topic, 2}}).get();
  EXPECT_EQ(some, (offsets{{{topic, 1}, {20, "", -1}}}));

  auto listing = find_group(admin().list_consumer_groups().get(), group);
  ASSERT_TRUE(listing);
  EXPECT_TRUE(listing->is_simple_consumer_group());
  EXPECT_EQ(listing->state, consumer_group_state::empty);

  auto described = admin().describe_consumer_groups({group}).all().at(group);
  EXPECT_EQ(described.state, consumer_group_state::empty);
  EXPECT_TRUE(described.members.empty());
  EXPECT_EQ(described.coordinator.id, admin().describe_cluster().get().nodes.at(0).id);
  EXPECT_EQ(described.coordinator.port, broker().port());

  admin().delete_consumer_group_offsets(group, {{topic, 0}}).all();
  EXPECT_EQ(admin().list_consumer_group_offsets(group).get(), (offsets{{{topic, 1}, {20, "", -1}}}));

  admin().delete_consumer_groups({group}).all();
  EXPECT_FALSE(find_group(admin().list_consumer_groups().get(), group));
  EXPECT_EQ(admin().describe_consumer_groups({group}).all().at(group).state, consumer_group_state::dead);
  EXPECT_TRUE(admin().list_consumer_group_offsets(group).get().empty());
}

TEST_F(AdminGroups, UnknownGroupsAreReportedAsGroupIdNotFound) {
  std::string group = unique_name("no-such-group");
  auto deleted = admin().delete_consumer_groups({group});
  EXPECT_EQ(error_of(deleted[group]), error_code::group_id_not_found);
  EXPECT_NE(message_of(deleted[group]).find("GROUP_ID_NOT_FOUND"), std::string::npos);
  auto offsets_deleted = admin().delete_consumer_group_offsets(group, {{"t", 0}});
  EXPECT_EQ(error_of(offsets_deleted[topic_partition{"t", 0}]), error_code::group_id_not_found);
}

class LiveMember : public AdminTest {
 protected:
  // Joins `group` as its only member (the leader) and assigns itself every partition of `topic`.
  void join(const std::string& group, const std::string& topic, const std::vector<int32_t>& partitions) {
    ASSERT_TRUE(client_.connect(broker().port()));
    protocol::join_group_request join;
    join.group_id = group;
    join.session_timeout_ms = 30000;
    join.rebalance_timeout_ms = 30000;
    join.protocol_type = "consumer";
    join.protocols.push_back({"range", subscription_v1({topic})});
    auto first = client_.call<protocol::join_group_response>(join, 5);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->error_code, to_int(error_code::member_id_required));
    join.member_id = first->member_id;
    auto joined = client_.call<protocol::join_group_response>(join, 5);
    ASSERT_TRUE(joined);
    ASSERT_EQ(joined->error_code, 0);
    member_id_ = join.member_id;

    protocol::sync_group_request sync;
    sync.group_id = group;
    sync.generation_id = joined->generation_id;
    sync.member_id = member_id_;
    sync.assignments.push_back({member_id_, assignment_v0({{topic, partitions}})});
    auto synced = client_.call<protocol::sync_group_response>(sync, 3);
    ASSERT_TRUE(synced);
    ASSERT_EQ(synced->error_code, 0);
  }

  gregor::testing::kafka_client client_;
  std::string member_id_;
};

TEST_F(LiveMember, IsDescribedWithItsSubscriptionAndAssignment) {
  std::string group = unique_name("live-group"), topic = unique_name("live-topic");
  create(topic, 2);
  // Any group call waits until the coordinator is ready (the first lookup creates its topic).
  admin().list_consumer_group_offsets(group).get();
  ASSERT_NO_FATAL_FAILURE(join(group, topic, {0, 1}));

  auto d = admin().describe_consumer_groups({group}).all().at(group);
  EXPECT_EQ(d.state, consumer_group_state::stable);
  EXPECT_EQ(d.protocol_type, "consumer");
  EXPECT_EQ(d.protocol, "range");
  ASSERT_EQ(d.members.size(), 1u);
  const member_description& m = d.members[0];
  EXPECT_EQ(m.member_id, member_id_);
  EXPECT_EQ(m.client_id, "gregor-test");
  EXPECT_FALSE(m.host.empty());
  EXPECT_EQ(m.subscription, std::vector<std::string>{topic});
  EXPECT_EQ(m.assignment, (std::vector<topic_partition>{{topic, 0}, {topic, 1}}));

  auto listing = find_group(admin().list_consumer_groups().get(), group);
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->protocol_type, "consumer");
  EXPECT_EQ(listing->state, consumer_group_state::stable);
  EXPECT_FALSE(find_group(admin().list_consumer_groups({.states = {consumer_group_state::empty}}).get(), group));
  EXPECT_TRUE(find_group(admin().list_consumer_groups({.states = {consumer_group_state::stable}}).get(), group));

  // A group with members cannot be deleted, nor its offsets changed from outside.
  auto deleted = admin().delete_consumer_groups({group});
  EXPECT_EQ(error_of(deleted[group]), error_code::non_empty_group);
  auto altered = admin().alter_consumer_group_offsets(group, {{{topic, 0}, {5, "", -1}}});
  EXPECT_EQ(error_of(altered[topic_partition{topic, 0}]), error_code::unknown_member_id);
  auto offsets_deleted = admin().delete_consumer_group_offsets(group, {{topic, 0}});
  EXPECT_EQ(error_of(offsets_deleted[topic_partition{topic, 0}]), error_code::group_subscribed_to_topic);
}

TEST_F(AdminGroups, ListTopicsShowsInternalTopicsOnlyWhenAsked) {
  admin().list_consumer_group_offsets(unique_name("any-group")).get();  // creates __consumer_offsets
  auto is_offsets = [](const topic_listing& t) { return t.name == "__consumer_offsets"; };
  auto hidden = admin().list_topics().get();
  EXPECT_TRUE(std::none_of(hidden.begin(), hidden.end(), is_offsets));
  auto shown = admin().list_topics({.list_internal = true}).get();
  auto it = std::find_if(shown.begin(), shown.end(), is_offsets);
  ASSERT_NE(it, shown.end());
  EXPECT_TRUE(it->internal);
}

}  // namespace
}  // namespace gregor::client::admin::testing
