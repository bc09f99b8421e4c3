// The group state machine, offsets and loading, driven by a hand-cranked clock and an in-memory
// store that completes appends when the test says so.
#include "coordinator/group_coordinator.h"

#include <gtest/gtest.h>

#include <map>

namespace gregor::coordinator {
namespace {

using protocol::error_code;

class manual_scheduler final : public scheduler {
 public:
  int64_t now_ms() const override { return now_; }
  uint64_t schedule(int64_t at_ms, std::function<void()> task) override {
    uint64_t id = next_++;
    tasks_.emplace(id, std::make_pair(at_ms, std::move(task)));
    return id;
  }
  void cancel(uint64_t id) override { tasks_.erase(id); }
  // Moves the clock forward, running due tasks in deadline order (tasks may schedule more).
  void advance(int64_t ms) {
    int64_t target = now_ + ms;
    while (true) {
      auto due = tasks_.end();
      for (auto it = tasks_.begin(); it != tasks_.end(); ++it) {
        if (it->second.first <= target && (due == tasks_.end() || it->second.first < due->second.first)) due = it;
      }
      if (due == tasks_.end()) break;
      now_ = std::max(now_, due->second.first);
      auto task = std::move(due->second.second);
      tasks_.erase(due);
      ++ran_;
      task();
    }
    now_ = target;
  }
  size_t pending() const { return tasks_.size(); }
  size_t ran() const { return ran_; }

 private:
  int64_t now_ = 1'700'000'000'000;
  uint64_t next_ = 1;
  size_t ran_ = 0;
  std::map<uint64_t, std::pair<int64_t, std::function<void()>>> tasks_;
};

class memory_store final : public offsets_store {
 public:
  void append(int32_t partition, std::vector<record> records, std::function<void(error_code)> done) override {
    for (auto& r : records) log[partition].push_back(r);
    if (manual) {
      waiting.push_back(std::move(done));
    } else {
      done(fail_with);
    }
  }
  void complete_all() {
    auto w = std::move(waiting);
    waiting.clear();
    for (auto& d : w) d(fail_with);
  }
  std::map<int32_t, std::vector<record>> log;
  std::vector<std::function<void(error_code)>> waiting;
  bool manual = false;
  error_code fail_with = error_code::none;
};

shared_bytes bytes(std::string_view s) { return shared_bytes::copy_of(s); }
std::string text(const shared_bytes& b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

struct GroupCoordinator : ::testing::Test {
  coordinator_config config() {
    coordinator_config c;
    c.offsets_partitions = 4;
    c.initial_rebalance_delay_ms = 0;
    return c;
  }
  manual_scheduler clock;
  memory_store store;
  std::unique_ptr<group_coordinator> coord;

  void SetUp() override { start(config()); }
  void start(coordinator_config c) {
    coord = std::make_unique<group_coordinator>(c, clock, store);
    for (int p = 0; p < c.offsets_partitions; ++p) {
      coord->begin_loading(p);
      coord->finish_loading(p);
    }
  }

  // Starts a JoinGroup; the result lands in the returned slot when the coordinator answers.
  std::shared_ptr<std::optional<join_result>> join(const std::string& group, const std::string& member_id,
                                                   std::vector<protocol_entry> protocols = {{"range", bytes("r")}},
                                                   std::optional<std::string> instance = std::nullopt,
                                                   int32_t session = 10000, int32_t rebalance = 30000) {
    auto slot = std::make_shared<std::optional<join_result>>();
    join_request r;
    r.group_id = group;
    r.member_id = member_id;
    r.group_instance_id = instance;
    r.session_timeout_ms = session;
    r.rebalance_timeout_ms = rebalance;
    r.protocol_type = "consumer";
    r.protocols = std::move(protocols);
    r.require_known_member_id = true;
    coord->join_group(r, client_info{"client", "/127.0.0.1"}, [slot](join_result j) { *slot = std::move(j); });
    return slot;
  }
  // The MEMBER_ID_REQUIRED round trip, then the real join.
  std::pair<std::string, std::shared_ptr<std::optional<join_result>>> join_new(const std::string& group,
                                                                              std::vector<protocol_entry> protocols = {
                                                                                  {"range", bytes("r")}}) {
    auto first = join(group, "", protocols);
    EXPECT_TRUE(first->has_value());
    EXPECT_EQ((*first)->error, error_code::member_id_required);
    std::string id = (*first)->member_id;
    return {id, join(group, id, protocols)};
  }
  std::shared_ptr<std::optional<sync_result>> sync(const std::string& group, const std::string& member, int32_t generation,
                                                   std::vector<std::pair<std::string, shared_bytes>> assignments = {}) {
    auto slot = std::make_shared<std::optional<sync_result>>();
    sync_request r;
    r.group_id = group;
    r.member_id = member;
    r.generation_id = generation;
    r.assignments = std::move(assignments);
    coord->sync_group(r, [slot](sync_result s) { *slot = std::move(s); });
    return slot;
  }
  std::vector<error_code> commit(const std::string& group, const std::string& member, int32_t generation,
                                 int64_t offset, const std::string& topic = "t", int32_t partition = 0) {
    std::vector<error_code> out{error_code::unknown_server_error};
    commit_request r;
    r.group_id = group;
    r.member_id = member;
    r.generation_id = generation;
    r.offsets.push_back({topic, partition, offset, -1, "meta", -1});
    coord->commit_offsets(r, [](const std::string& t, int32_t) { return t != "missing"; },
                          [&out](error_code, std::vector<error_code> e) { out = std::move(e); });
    return out;
  }
  int64_t committed(const std::string& group, const std::string& topic = "t", int32_t partition = 0) {
    auto r = coord->fetch_offsets(group, std::vector<std::pair<std::string, std::vector<int32_t>>>{{topic, {partition}}});
    EXPECT_EQ(r.error, error_code::none);
    return r.offsets.at(0).value.offset;
  }
  std::string state(const std::string& group) { return coord->describe_group(group).state; }
};

TEST_F(GroupCoordinator, SingleMemberJoinsSyncsAndBecomesStable) {
  auto [id, joined] = join_new("g");
  ASSERT_TRUE(joined->has_value());
  EXPECT_EQ((*joined)->error, error_code::none);
  EXPECT_EQ((*joined)->generation_id, 1);
  EXPECT_EQ((*joined)->leader, id);
  EXPECT_EQ((*joined)->protocol_name, "range");
  ASSERT_EQ((*joined)->members.size(), 1u);
  EXPECT_EQ(state("g"), "CompletingRebalance");

  auto synced = sync("g", id, 1, {{id, bytes("assignment-1")}});
  ASSERT_TRUE(synced->has_value());
  EXPECT_EQ((*synced)->error, error_code::none);
  EXPECT_EQ(text((*synced)->assignment), "assignment-1");
  EXPECT_EQ(state("g"), "Stable");
  EXPECT_EQ(coord->heartbeat("g", 1, id, std::nullopt), error_code::none);
  EXPECT_EQ(coord->heartbeat("g", 0, id, std::nullopt), error_code::illegal_generation);
  EXPECT_EQ(coord->heartbeat("g", 1, "nobody", std::nullopt), error_code::unknown_member_id);
  EXPECT_EQ(coord->heartbeat("other", 1, id, std::nullopt), error_code::unknown_member_id);
}

TEST_F(GroupCoordinator, SecondMemberTriggersRebalanceAndBothGetTheirAssignments) {
  auto [a, ja] = join_new("g");
  ASSERT_TRUE(ja->has_value());
  ASSERT_TRUE(sync("g", a, 1, {{a, bytes("all")}})->has_value());

  auto [b, jb] = join_new("g");
  EXPECT_FALSE(jb->has_value());  // waits for a to rejoin
  EXPECT_EQ(state("g"), "PreparingRebalance");
  EXPECT_EQ(coord->heartbeat("g", 1, a, std::nullopt), error_code::rebalance_in_progress);
  auto ja2 = join("g", a);
  ASSERT_TRUE(ja2->has_value() && jb->has_value());
  EXPECT_EQ((*ja2)->generation_id, 2);
  EXPECT_EQ((*jb)->generation_id, 2);
  EXPECT_EQ((*ja2)->leader, a);  // the leader stays the leader
  EXPECT_EQ((*ja2)->members.size(), 2u);
  EXPECT_TRUE((*jb)->members.empty());

  auto sb = sync("g", b, 2);
  EXPECT_FALSE(sb->has_value());  // followers wait for the leader
  auto sa = sync("g", a, 2, {{a, bytes("p0,p1")}, {b, bytes("p2,p3")}});
  ASSERT_TRUE(sa->has_value() && sb->has_value());
  EXPECT_EQ(text((*sa)->assignment), "p0,p1");
  EXPECT_EQ(text((*sb)->assignment), "p2,p3");
  auto d = coord->describe_group("g");
  EXPECT_EQ(d.state, "Stable");
  EXPECT_EQ(d.protocol_name, "range");
  ASSERT_EQ(d.members.size(), 2u);
}

TEST_F(GroupCoordinator, AssignmentIsHandedOutOnlyOnceStoredAndAStoreFailureRebalances) {
  store.manual = true;
  auto [a, ja] = join_new("g");
  auto sa = sync("g", a, 1, {{a, bytes("x")}});
  EXPECT_FALSE(sa->has_value());
  store.fail_with = error_code::not_enough_replicas;
  store.complete_all();
  ASSERT_TRUE(sa->has_value());
  EXPECT_EQ((*sa)->error, error_code::coordinator_not_available);
  EXPECT_EQ(state("g"), "PreparingRebalance");
}

TEST_F(GroupCoordinator, SessionExpiryRemovesASilentMemberAndRebalancesTheRest) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("all")}});
  auto [b, jb] = join_new("g");
  join("g", a);
  sync("g", b, 2);
  sync("g", a, 2, {{a, bytes("half-a")}, {b, bytes("half-b")}});
  ASSERT_EQ(state("g"), "Stable");

  // a keeps heartbeating, b goes silent (killed -9).
  for (int i = 0; i < 4; ++i) {
    clock.advance(3000);
    EXPECT_EQ(coord->heartbeat("g", 2, a, std::nullopt), i < 3 ? error_code::none : error_code::rebalance_in_progress);
  }
  EXPECT_EQ(state("g"), "PreparingRebalance");
  EXPECT_EQ(coord->heartbeat("g", 2, b, std::nullopt), error_code::unknown_member_id);
  auto ja3 = join("g", a);
  ASSERT_TRUE(ja3->has_value());
  EXPECT_EQ((*ja3)->generation_id, 3);
  EXPECT_EQ((*ja3)->members.size(), 1u);
}

TEST_F(GroupCoordinator, HeartbeatsKeepAMemberAliveIndefinitely) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("all")}});
  for (int i = 0; i < 100; ++i) {
    clock.advance(5000);
    ASSERT_EQ(coord->heartbeat("g", 1, a, std::nullopt), error_code::none) << i;
  }
  // Lazy re-arming: at most one timer per member, not one per heartbeat.
  EXPECT_LE(clock.pending(), 2u);
}

TEST_F(GroupCoordinator, LeaveGroupRebalancesAtOnce) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("all")}});
  auto [b, jb] = join_new("g");
  EXPECT_FALSE(jb->has_value());
  // b gives up before a rejoined: its JoinGroup is answered and a completes the generation alone.
  auto r = coord->leave_group("g", {{b, std::nullopt}});
  EXPECT_EQ(r.member_errors.at(0), error_code::none);
  ASSERT_TRUE(jb->has_value());
  EXPECT_EQ((*jb)->error, error_code::unknown_member_id);
  auto ja2 = join("g", a);
  ASSERT_TRUE(ja2->has_value());
  EXPECT_EQ((*ja2)->generation_id, 2);
  EXPECT_EQ((*ja2)->members.size(), 1u);
  sync("g", a, 2, {{a, bytes("all")}});
  EXPECT_EQ(state("g"), "Stable");

  auto r2 = coord->leave_group("g", {{"ghost", std::nullopt}});
  EXPECT_EQ(r2.member_errors.at(0), error_code::unknown_member_id);
  // The last member leaving empties the group at once (no rebalance timeout to wait for).
  coord->leave_group("g", {{a, std::nullopt}});
  EXPECT_EQ(state("g"), "Empty");
  EXPECT_EQ(coord->describe_group("g").members.size(), 0u);
}

TEST_F(GroupCoordinator, RebalanceTimeoutDropsMembersThatDoNotRejoin) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("all")}});
  auto [b, jb] = join_new("g");
  EXPECT_FALSE(jb->has_value());
  // a never rejoins (nor heartbeats); the rebalance timeout (30 s) completes without it.
  clock.advance(30000);
  ASSERT_TRUE(jb->has_value());
  EXPECT_EQ((*jb)->error, error_code::none);
  EXPECT_EQ((*jb)->generation_id, 2);
  EXPECT_EQ((*jb)->leader, b);
  EXPECT_EQ((*jb)->members.size(), 1u);
}

TEST_F(GroupCoordinator, InitialRebalanceDelayGathersMembersIntoOneGeneration) {
  auto c = config();
  c.initial_rebalance_delay_ms = 3000;
  start(c);
  auto [a, ja] = join_new("g");
  clock.advance(2000);
  auto [b, jb] = join_new("g");
  EXPECT_FALSE(ja->has_value());
  clock.advance(1000);  // first delay over, but b arrived during it: one more delay
  EXPECT_FALSE(ja->has_value());
  clock.advance(3000);
  ASSERT_TRUE(ja->has_value() && jb->has_value());
  EXPECT_EQ((*ja)->generation_id, 1);
  EXPECT_EQ((*jb)->generation_id, 1);
}

TEST_F(GroupCoordinator, StaticMemberRestartKeepsItsAssignmentWithoutRebalance) {
  auto [a, ja] = join_new("g");  // a dynamic leader
  sync("g", a, 1, {{a, bytes("all")}});
  auto first = join("g", "", {{"range", bytes("r")}}, "instance-1");
  EXPECT_FALSE(first->has_value());  // static members skip MEMBER_ID_REQUIRED, then wait for a
  join("g", a);
  ASSERT_TRUE(first->has_value());
  std::string old_id = (*first)->member_id;
  EXPECT_EQ((*first)->generation_id, 2);
  auto follower_sync = sync("g", old_id, 2);
  sync("g", a, 2, {{a, bytes("A")}, {old_id, bytes("S")}});
  ASSERT_EQ(state("g"), "Stable");

  // The static member restarts (new process, empty member id) within its session: no rebalance.
  auto again = join("g", "", {{"range", bytes("r")}}, "instance-1");
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->error, error_code::none);
  EXPECT_EQ((*again)->generation_id, 2);
  EXPECT_NE((*again)->member_id, old_id);
  EXPECT_EQ(state("g"), "Stable");
  auto s = sync("g", (*again)->member_id, 2);
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ(text((*s)->assignment), "S");
  // The previous incarnation is fenced.
  EXPECT_EQ(coord->heartbeat("g", 2, old_id, std::string("instance-1")), error_code::fenced_instance_id);
  EXPECT_EQ(coord->heartbeat("g", 2, a, std::nullopt), error_code::none);
  // A static member that stays away past its session timeout is removed like any other.
  clock.advance(6000);
  EXPECT_EQ(coord->heartbeat("g", 2, a, std::nullopt), error_code::none);
  clock.advance(6000);
  EXPECT_EQ(coord->heartbeat("g", 2, a, std::nullopt), error_code::rebalance_in_progress);
}

TEST_F(GroupCoordinator, JoinValidation) {
  EXPECT_EQ((*join("g", "", {{"range", bytes("r")}}, std::nullopt, 10))->error, error_code::invalid_session_timeout);
  EXPECT_EQ((*join("", ""))->error, error_code::invalid_group_id);
  EXPECT_EQ((*join("g", "who"))->error, error_code::unknown_member_id);
  auto [a, ja] = join_new("g");
  auto other = join("g", "", {{"roundrobin", bytes("x")}});
  EXPECT_EQ((*other)->error, error_code::inconsistent_group_protocol);

  auto c = config();
  c.max_group_size = 1;
  start(c);
  join_new("h");
  EXPECT_EQ((*join("h", ""))->error, error_code::group_max_size_reached);
}

TEST_F(GroupCoordinator, ProtocolSelectionPicksOneEveryMemberSupports) {
  auto [a, ja] = join_new("g", {{"sticky", bytes("s")}, {"range", bytes("r")}});
  sync("g", a, 1, {{a, bytes("x")}});
  auto [b, jb] = join_new("g", {{"range", bytes("r")}, {"roundrobin", bytes("rr")}});
  join("g", a, {{"sticky", bytes("s")}, {"range", bytes("r")}});
  ASSERT_TRUE(jb->has_value());
  EXPECT_EQ((*jb)->protocol_name, "range");
}

TEST_F(GroupCoordinator, CommitsBecomeVisibleOnlyWhenDurable) {
  store.manual = true;
  std::vector<error_code> result;
  commit_request r;
  r.group_id = "simple";
  r.offsets.push_back({"t", 0, 42, 3, "m", -1});
  bool answered = false;
  coord->commit_offsets(r, [](const std::string&, int32_t) { return true; },
                        [&](error_code, std::vector<error_code> e) { answered = true; result = e; });
  EXPECT_FALSE(answered);
  EXPECT_EQ(committed("simple"), -1);
  store.complete_all();
  ASSERT_TRUE(answered);
  EXPECT_EQ(result.at(0), error_code::none);
  EXPECT_EQ(committed("simple"), 42);
  EXPECT_EQ(state("simple"), "Empty");
}

TEST_F(GroupCoordinator, CommitValidation) {
  EXPECT_EQ(commit("nogroup", "m", 3, 1).at(0), error_code::illegal_generation);
  EXPECT_EQ(commit("simple", "", -1, 1, "missing").at(0), error_code::unknown_topic_or_partition);
  auto [a, ja] = join_new("g");
  EXPECT_EQ(commit("g", a, 1, 5).at(0), error_code::rebalance_in_progress);  // CompletingRebalance
  sync("g", a, 1, {{a, bytes("x")}});
  EXPECT_EQ(commit("g", a, 1, 5).at(0), error_code::none);
  EXPECT_EQ(commit("g", a, 7, 5).at(0), error_code::illegal_generation);
  EXPECT_EQ(commit("g", "stranger", 1, 5).at(0), error_code::unknown_member_id);
  EXPECT_EQ(commit("g", "", -1, 5).at(0), error_code::unknown_member_id);  // not empty: no simple commits
  EXPECT_EQ(committed("g"), 5);
  EXPECT_EQ(committed("g", "t", 1), -1);
  EXPECT_EQ(committed("unknown-group"), -1);
}

TEST_F(GroupCoordinator, ReloadingThePartitionRestoresOffsetsAndMembers) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("mine")}});
  commit("g", a, 1, 10);
  commit("g", a, 1, 11);
  commit("simple", "", -1, 7, "u", 2);
  coord->delete_offsets("simple", {{"u", 2}}, [](error_code, std::vector<error_code>) {});
  commit("simple", "", -1, 8, "u", 3);

  auto records = store.log;
  coord.reset();
  coord = std::make_unique<group_coordinator>(config(), clock, store);
  for (int p = 0; p < 4; ++p) {
    coord->begin_loading(p);
    EXPECT_EQ(coord->status_for("g") == error_code::coordinator_load_in_progress || p != coord->partition_for("g"),
              true);
    for (auto& [k, v] : records[p]) coord->load_record(p, k, v, clock.now_ms());
    coord->finish_loading(p);
  }
  EXPECT_EQ(committed("g"), 11);
  EXPECT_EQ(committed("simple", "u", 2), -1);
  EXPECT_EQ(committed("simple", "u", 3), 8);
  auto d = coord->describe_group("g");
  EXPECT_EQ(d.state, "Stable");
  ASSERT_EQ(d.members.size(), 1u);
  EXPECT_EQ(text(d.members[0].assignment), "mine");
  // The member carries on without a rebalance...
  EXPECT_EQ(coord->heartbeat("g", 1, a, std::nullopt), error_code::none);
  // ...or expires if it is gone, which empties the group.
  clock.advance(20000);
  EXPECT_EQ(state("g"), "Empty");
  EXPECT_EQ(committed("g"), 11);
}

TEST_F(GroupCoordinator, OffsetsOfEmptyGroupsExpireAfterRetention) {
  auto c = config();
  c.offsets_retention_ms = 60'000;
  c.offsets_retention_check_interval_ms = 10'000;
  start(c);
  commit("simple", "", -1, 5);
  clock.advance(50'000);
  EXPECT_EQ(committed("simple"), 5);
  clock.advance(20'000);
  EXPECT_EQ(committed("simple"), -1);
  EXPECT_EQ(coord->describe_group("simple").exists, false);
  EXPECT_EQ(coord->list_groups({}).size(), 0u);
}

TEST_F(GroupCoordinator, DeleteGroupsAndOffsetDelete) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("x")}});
  commit("g", a, 1, 5);
  std::vector<error_code> errs;
  coord->delete_groups({"g", "nope"}, [&](std::vector<error_code> e) { errs = e; });
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0], error_code::non_empty_group);
  EXPECT_EQ(errs[1], error_code::group_id_not_found);

  error_code top = error_code::unknown_server_error;
  coord->delete_offsets("nope", {{"t", 0}}, [&](error_code e, std::vector<error_code>) { top = e; });
  EXPECT_EQ(top, error_code::group_id_not_found);

  coord->leave_group("g", {{a, std::nullopt}});
  EXPECT_EQ(state("g"), "Empty");
  coord->delete_groups({"g"}, [&](std::vector<error_code> e) { errs = e; });
  EXPECT_EQ(errs.at(0), error_code::none);
  EXPECT_FALSE(coord->describe_group("g").exists);
  EXPECT_EQ(committed("g"), -1);
}

TEST_F(GroupCoordinator, ListGroupsFiltersByState) {
  auto [a, ja] = join_new("g1");
  sync("g1", a, 1, {{a, bytes("x")}});
  commit("g2", "", -1, 1);
  EXPECT_EQ(coord->list_groups({}).size(), 2u);
  auto stable = coord->list_groups({"stable"});
  ASSERT_EQ(stable.size(), 1u);
  EXPECT_EQ(stable[0].group_id, "g1");
  EXPECT_EQ(stable[0].protocol_type, "consumer");
  EXPECT_EQ(coord->list_groups({"Empty"}).at(0).group_id, "g2");
}

TEST_F(GroupCoordinator, ShutdownAnswersEveryWaiter) {
  auto [a, ja] = join_new("g");
  sync("g", a, 1, {{a, bytes("x")}});
  auto [b, jb] = join_new("g");
  EXPECT_FALSE(jb->has_value());
  coord->shutdown();
  ASSERT_TRUE(jb->has_value());
  EXPECT_EQ((*jb)->error, error_code::not_coordinator);
  EXPECT_EQ(coord->heartbeat("g", 1, a, std::nullopt), error_code::not_coordinator);
}

TEST_F(GroupCoordinator, UnloadedPartitionsAnswerLoadInProgress) {
  coord = std::make_unique<group_coordinator>(config(), clock, store);
  EXPECT_EQ(coord->heartbeat("g", 1, "m", std::nullopt), error_code::coordinator_not_available);
  coord->begin_loading(coord->partition_for("g"));
  EXPECT_EQ(coord->heartbeat("g", 1, "m", std::nullopt), error_code::coordinator_load_in_progress);
}

TEST_F(GroupCoordinator, ThousandIdleStableGroupsScheduleOnlyTheirSessionChecks) {
  for (int i = 0; i < 1000; ++i) {
    std::string g = "group-" + std::to_string(i);
    auto [a, ja] = join_new(g);
    sync(g, a, 1, {{a, bytes("x")}});
  }
  size_t before = clock.ran();
  clock.advance(1000);  // one second, well inside every session: nothing runs
  EXPECT_EQ(clock.ran(), before);
}

}  // namespace
}  // namespace gregor::coordinator
