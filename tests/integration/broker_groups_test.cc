// Consumer-group requests over the wire where no client library helps: OffsetDelete (KIP-496),
// which none of the interop clients (kafka-python 2.0.2, confluent-kafka 1.7.0, kcat, kafkajs
// 2.2.4) exposes. The group member is driven by hand: JoinGroup (with the MEMBER_ID_REQUIRED round
// trip), SyncGroup as leader, OffsetCommit, LeaveGroup.
#include <chrono>
#include <thread>

#include "integration/test_helpers.h"

namespace gregor::testing {
namespace {

constexpr int16_t unknown_topic_or_partition = 3;
constexpr int16_t coordinator_load_in_progress = 14;
constexpr int16_t coordinator_not_available = 15;
constexpr int16_t group_id_not_found = 69;
constexpr int16_t member_id_required = 79;
constexpr int16_t group_subscribed_to_topic = 86;

// ConsumerProtocolSubscription v0: version, topics, user_data (null).
shared_bytes subscription(const std::vector<std::string>& topics) {
  protocol::writer w;
  w.i16(0);
  w.i32(static_cast<int32_t>(topics.size()));
  for (const auto& t : topics) {
    w.i16(static_cast<int16_t>(t.size()));
    w.raw(t);
  }
  w.i32(-1);
  return shared_bytes::adopt(w.flatten());
}

class BrokerGroups : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    ASSERT_TRUE(client_.connect(broker_.port()));
    ASSERT_TRUE(create_topic(client_, "subscribed", 2));
    ASSERT_TRUE(create_topic(client_, "other", 1));
  }

  // FindCoordinator until the group's coordinator is ready (the first lookup creates
  // __consumer_offsets; after a restart its partitions load in the background).
  void wait_coordinator(const std::string& group) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int16_t error = -1;
    while (std::chrono::steady_clock::now() < deadline) {
      find_coordinator_request req;
      req.key = group;
      auto resp = client_.call<find_coordinator_response>(req, 2);
      ASSERT_TRUE(resp);
      error = resp->error_code;
      if (error == 0) {
        // A fetch tells whether the partition is loaded.
        offset_fetch_request f;
        f.group_id = group;
        auto fr = client_.call<offset_fetch_response>(f, 7);
        ASSERT_TRUE(fr);
        if (fr->error_code != coordinator_load_in_progress) return;
        error = fr->error_code;
      }
      ASSERT_TRUE(error == coordinator_not_available || error == coordinator_load_in_progress) << error;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "coordinator for " << group << " not ready within 10s, last error " << error;
  }

  // Joins as the only member (leader), assigns itself `topics` and returns (member id, generation).
  std::pair<std::string, int32_t> join_and_sync(const std::string& group, const std::vector<std::string>& topics) {
    join_group_request join;
    join.group_id = group;
    join.session_timeout_ms = 30000;
    join.rebalance_timeout_ms = 30000;
    join.protocol_type = "consumer";
    join.protocols.push_back({"range", subscription(topics)});
    auto first = client_.call<join_group_response>(join, 5);
    EXPECT_TRUE(first);
    if (!first) return {};
    EXPECT_EQ(first->error_code, member_id_required);
    join.member_id = first->member_id;
    auto joined = client_.call<join_group_response>(join, 5);
    EXPECT_TRUE(joined);
    if (!joined) return {};
    EXPECT_EQ(joined->error_code, 0);
    EXPECT_EQ(joined->leader, join.member_id);

    sync_group_request sync;
    sync.group_id = group;
    sync.generation_id = joined->generation_id;
    sync.member_id = join.member_id;
    sync.assignments.push_back({join.member_id, shared_bytes::copy_of(std::string_view("assignment"))});
    auto synced = client_.call<sync_group_response>(sync, 3);
    EXPECT_TRUE(synced);
    if (synced) {
      EXPECT_EQ(synced->error_code, 0);
    }
    return {join.member_id, joined->generation_id};
  }

  void commit(const std::string& group, int32_t generation, const std::string& member, const std::string& topic,
              int32_t partition, int64_t offset) {
    offset_commit_request req;
    req.group_id = group;
    req.generation_id_or_member_epoch = generation;
    req.member_id = member;
    auto& t = req.topics.emplace_back();
    t.name = topic;
    auto& p = t.partitions.emplace_back();
    p.partition_index = partition;
    p.committed_offset = offset;
    auto resp = client_.call<offset_commit_response>(req, 7);
    ASSERT_TRUE(resp);
    ASSERT_EQ(resp->topics.size(), 1u);
    EXPECT_EQ(resp->topics[0].partitions[0].error_code, 0) << topic << "-" << partition;
  }

  int64_t committed(const std::string& group, const std::string& topic, int32_t partition) {
    offset_fetch_request req;
    req.group_id = group;
    req.topics = std::vector<offset_fetch_request::topic>{{topic, {partition}}};
    auto resp = client_.call<offset_fetch_response>(req, 7);
    if (!resp || resp->error_code != 0 || resp->topics.size() != 1 || resp->topics[0].partitions.size() != 1) {
      ADD_FAILURE() << "OffsetFetch(" << group << ", " << topic << "-" << partition << ") failed";
      return -100;
    }
    EXPECT_EQ(resp->topics[0].partitions[0].error_code, 0);
    return resp->topics[0].partitions[0].committed_offset;
  }

  // OffsetDelete; returns the top-level error and the per-partition errors in request order.
  std::pair<int16_t, std::vector<int16_t>> offset_delete(
      const std::string& group, const std::vector<std::pair<std::string, std::vector<int32_t>>>& topics) {
    offset_delete_request req;
    req.group_id = group;
    for (const auto& [name, parts] : topics) {
      auto& t = req.topics.emplace_back();
      t.name = name;
      for (int32_t p : parts) t.partitions.push_back({p});
    }
    auto resp = client_.call<offset_delete_response>(req, 0);
    if (!resp) {
      ADD_FAILURE() << "OffsetDelete(" << group << ") got no answer";
      return {-100, {}};
    }
    std::vector<int16_t> errors;
    for (const auto& t : resp->topics)
      for (const auto& p : t.partitions) errors.push_back(p.error_code);
    return {resp->error_code, errors};
  }

  void leave(const std::string& group, const std::string& member) {
    leave_group_request req;
    req.group_id = group;
    req.members.push_back({member, std::nullopt, std::nullopt});
    auto resp = client_.call<leave_group_response>(req, 3);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->error_code, 0);
  }

  broker_process broker_{{{"group.initial.rebalance.delay.ms", "0"}}};
  kafka_client client_;
};

TEST_F(BrokerGroups, OffsetDeleteRefusesSubscribedTopicsUntilTheGroupIsEmptyAndIsDurable) {
  const std::string group = "od-group";
  ASSERT_NO_FATAL_FAILURE(wait_coordinator(group));
  auto [member, generation] = join_and_sync(group, {"subscribed"});
  ASSERT_FALSE(member.empty());
  commit(group, generation, member, "subscribed", 0, 5);
  commit(group, generation, member, "subscribed", 1, 6);
  commit(group, generation, member, "other", 0, 7);

  // While the member is active: its subscribed topic is refused, the other topic is deleted.
  auto [top, errors] = offset_delete(group, {{"subscribed", {0}}, {"other", {0}}});
  EXPECT_EQ(top, 0);
  EXPECT_EQ(errors, (std::vector<int16_t>{group_subscribed_to_topic, 0}));
  EXPECT_EQ(committed(group, "subscribed", 0), 5);
  EXPECT_EQ(committed(group, "other", 0), -1);

  // Once the group is empty, any offset may go.
  leave(group, member);
  std::tie(top, errors) = offset_delete(group, {{"subscribed", {0}}});
  EXPECT_EQ(top, 0);
  EXPECT_EQ(errors, (std::vector<int16_t>{0}));
  EXPECT_EQ(committed(group, "subscribed", 0), -1);
  EXPECT_EQ(committed(group, "subscribed", 1), 6);

  // The deletions are tombstones in __consumer_offsets: they survive a restart (and a crash).
  broker_.kill();
  ASSERT_TRUE(broker_.start());
  ASSERT_TRUE(client_.connect(broker_.port()));
  ASSERT_NO_FATAL_FAILURE(wait_coordinator(group));
  EXPECT_EQ(committed(group, "subscribed", 0), -1);
  EXPECT_EQ(committed(group, "subscribed", 1), 6);
  EXPECT_EQ(committed(group, "other", 0), -1);
}

TEST_F(BrokerGroups, OffsetDeleteOfUnknownGroupAndOfAGroupThatOnlyCommitted) {
  ASSERT_NO_FATAL_FAILURE(wait_coordinator("simple"));
  auto [top, errors] = offset_delete("no-such-group", {{"subscribed", {0}}});
  EXPECT_EQ(top, group_id_not_found);

  // Commits from outside any generation (admin tools, assign()-only consumers).
  commit("simple", -1, "", "subscribed", 0, 11);
  commit("simple", -1, "", "subscribed", 1, 12);
  std::tie(top, errors) = offset_delete("simple", {{"subscribed", {1}}});
  EXPECT_EQ(top, 0);
  EXPECT_EQ(errors, (std::vector<int16_t>{0}));
  EXPECT_EQ(committed("simple", "subscribed", 0), 11);
  EXPECT_EQ(committed("simple", "subscribed", 1), -1);
}

// Deleting a topic forgets every group's committed offsets of it, durably (tombstones), as Kafka
// does; offsets of other topics stay.
TEST_F(BrokerGroups, DeletingATopicRemovesItsCommittedOffsets) {
  ASSERT_TRUE(create_topic(client_, "doomed", 2));
  ASSERT_TRUE(create_topic(client_, "kept", 1));
  ASSERT_NO_FATAL_FAILURE(wait_coordinator("deleted-topic-group"));
  commit("deleted-topic-group", -1, "", "doomed", 0, 5);
  commit("deleted-topic-group", -1, "", "doomed", 1, 6);
  commit("deleted-topic-group", -1, "", "kept", 0, 7);
  delete_topics_request del;
  del.topic_names = {"doomed"};
  del.timeout_ms = 10000;
  auto deleted = client_.call<delete_topics_response>(del, 4);
  ASSERT_TRUE(deleted);
  ASSERT_EQ(deleted->responses.at(0).error_code, 0);
  EXPECT_EQ(committed("deleted-topic-group", "doomed", 0), -1);
  EXPECT_EQ(committed("deleted-topic-group", "doomed", 1), -1);
  EXPECT_EQ(committed("deleted-topic-group", "kept", 0), 7);

  ASSERT_TRUE(broker_.restart());
  ASSERT_TRUE(client_.connect(broker_.port()));
  ASSERT_NO_FATAL_FAILURE(wait_coordinator("deleted-topic-group"));
  EXPECT_EQ(committed("deleted-topic-group", "doomed", 0), -1);
  EXPECT_EQ(committed("deleted-topic-group", "kept", 0), 7);
}

// Kafka answers UNKNOWN_TOPIC_OR_PARTITION for a partition that does not exist.
TEST_F(BrokerGroups, OffsetDeleteOfUnknownPartitionIsUnknownTopicOrPartition) {
  ASSERT_NO_FATAL_FAILURE(wait_coordinator("simple-unknown"));
  commit("simple-unknown", -1, "", "subscribed", 0, 3);
  auto [top, errors] = offset_delete("simple-unknown", {{"subscribed", {0, 9}}, {"no-such-topic", {0}}});
  EXPECT_EQ(top, 0);
  EXPECT_EQ(errors, (std::vector<int16_t>{0, unknown_topic_or_partition, unknown_topic_or_partition}));
  EXPECT_EQ(committed("simple-unknown", "subscribed", 0), -1);
}

}  // namespace
}  // namespace gregor::testing
