// Scenario 1: how long a 3-member group takes to rebalance after one member leaves.
//
// Each member is a thread with its own connection. It heartbeats every 100 ms and, when a
// heartbeat answers REBALANCE_IN_PROGRESS, rejoins at once (JoinGroup, then SyncGroup; the leader
// gives each member one partition). The driver tells one member to send LeaveGroup and measures
// from the LeaveGroup response until both remaining members hold their SyncGroup response for the
// new generation, split into
//   detection:   LeaveGroup response -> the last remaining member sends its JoinGroup
//                (bounded by the heartbeat interval: members only learn of the rebalance then)
//   coordinator: that JoinGroup sent -> the last SyncGroup response (join completion, the leader's
//                assignment, its fsync to __consumer_offsets, and the hand-out)
// The member that left then joins again as a new member, which is itself a rebalance; that time
// (first JoinGroup sent -> all three SyncGroup responses) is reported too.
#include <algorithm>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "member.h"
#include "scenarios.h"
#include "support/broker_process.h"

namespace gregor::bench {
namespace {

using namespace std::chrono_literals;
constexpr auto heartbeat_interval = 100ms;
constexpr auto wait_limit = 20s;

// Everything the member threads and the driver share sits behind one mutex.
struct shared_state {
  std::mutex mu;
  std::condition_variable cv;
};

class member_thread {
 public:
  struct status {
    bool in_group = false;
    int32_t generation = -1;
    bool leader = false;
    join_timing last_join;         // of the latest successful join_and_sync
    uint64_t leaves = 0;           // LeaveGroup responses received
    steady::time_point left_at;    // the latest one
    int16_t leave_error = 0;
    uint64_t errors = 0;           // unexpected error codes
    int16_t last_error = 0;
  };

  member_thread(int index, uint16_t port, const std::string& group, shared_state& shared)
      : index_(index), port_(port), member_(group), shared_(shared) {}

  ~member_thread() { stop(); }

  bool start() {
    if (!client_.connect(port_)) return false;
    thread_ = std::thread([this] { loop(); });
    return true;
  }

  void stop() {
    {
      std::lock_guard lock(shared_.mu);
      stop_ = true;
    }
    shared_.cv.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // Both called with shared.mu held.
  void command_leave() { command_ = command::leave; }
  void command_join() { command_ = command::join; }
  const status& state() const { return status_; }  // shared.mu held
  int index() const { return index_; }

 private:
  enum class command { none, leave, join };

  void loop() {
    std::unique_lock lock(shared_.mu);
    auto next_heartbeat = steady::now();
    while (!stop_) {
      if (command_ == command::leave) {
        command_ = command::none;
        lock.unlock();
        int16_t e = member_.leave(client_);
        auto answered = steady::now();
        lock.lock();
        status_.in_group = false;
        status_.left_at = answered;
        status_.leave_error = e;
        ++status_.leaves;
        shared_.cv.notify_all();
        continue;
      }
      if (command_ == command::join) {
        command_ = command::none;
        lock.unlock();
        member_.reset();
        rejoin(next_heartbeat);
        lock.lock();
        continue;
      }
      if (!status_.in_group) {
        shared_.cv.wait(lock);
        continue;
      }
      if (steady::now() < next_heartbeat) {
        shared_.cv.wait_until(lock, next_heartbeat);
        continue;
      }
      lock.unlock();
      auto sent = steady::now();
      int16_t e = member_.heartbeat(client_);
      next_heartbeat = sent + heartbeat_interval;
      if (e == err::rebalance_in_progress || e == err::illegal_generation || e == err::unknown_member_id) {
        if (e != err::rebalance_in_progress) note_error(e);
        if (e == err::unknown_member_id) member_.reset();
        rejoin(next_heartbeat);
      } else if (e != err::none) {
        note_error(e);
      }
      lock.lock();
    }
  }

  // Called without the mutex.
  void rejoin(steady::time_point& next_heartbeat) {
    join_timing timing;
    int16_t e = member_.join_and_sync(client_, &timing);
    next_heartbeat = steady::now() + heartbeat_interval;
    std::lock_guard lock(shared_.mu);
    if (e == err::none) {
      status_.in_group = true;
      status_.generation = member_.generation();
      status_.leader = member_.is_leader();
      status_.last_join = timing;
    } else {
      status_.in_group = false;
      ++status_.errors;
      status_.last_error = e;
    }
    shared_.cv.notify_all();
  }

  void note_error(int16_t e) {
    std::lock_guard lock(shared_.mu);
    ++status_.errors;
    status_.last_error = e;
  }

  const int index_;
  const uint16_t port_;
  kafka_client client_;
  group_member member_;
  shared_state& shared_;
  std::thread thread_;
  // Guarded by shared_.mu:
  bool stop_ = false;
  command command_ = command::none;
  status status_;
};

class rebalance_driver {
 public:
  rebalance_driver(uint16_t port, const std::string& group) {
    for (int i = 0; i < 3; ++i) members_.push_back(std::make_unique<member_thread>(i, port, group, shared_));
  }

  bool start() {
    for (auto& m : members_)
      if (!m->start()) return false;
    std::lock_guard lock(shared_.mu);
    for (auto& m : members_) m->command_join();
    shared_.cv.notify_all();
    return true;
  }

  void stop() {
    for (auto& m : members_) m->stop();
  }

  // Waits until the given members are all in one generation (> after_generation) with one leader
  // among them; returns that generation or -1 on timeout. shared.mu held through `lock`.
  int32_t wait_synced(std::unique_lock<std::mutex>& lock, const std::vector<member_thread*>& who,
                      int32_t after_generation) {
    int32_t generation = -1;
    bool ok = shared_.cv.wait_for(lock, wait_limit, [&] {
      int leaders = 0;
      int32_t g = who.front()->state().generation;
      for (auto* m : who) {
        const auto& s = m->state();
        if (!s.in_group || s.generation != g || g <= after_generation) return false;
        leaders += s.leader ? 1 : 0;
      }
      if (leaders > 1) return false;
      generation = g;
      return true;
    });
    return ok ? generation : -1;
  }

  std::vector<member_thread*> all() {
    std::vector<member_thread*> out;
    for (auto& m : members_) out.push_back(m.get());
    return out;
  }

  uint64_t errors() {
    std::lock_guard lock(shared_.mu);
    uint64_t n = 0;
    for (auto& m : members_) n += m->state().errors;
    return n;
  }

  std::string last_errors() {
    std::lock_guard lock(shared_.mu);
    std::string out;
    for (auto& m : members_)
      if (m->state().errors) out += " member " + std::to_string(m->index()) + ": " + error_text(m->state().last_error);
    return out;
  }

  shared_state& shared() { return shared_; }

 private:
  shared_state shared_;
  std::vector<std::unique_ptr<member_thread>> members_;
};

struct leave_samples {
  std::vector<double> total, detection, coordinator, join_total;
  int failed = 0;
};

// `repetitions` times: wait for a Stable 3-member generation, let one member leave, time the
// rebalance of the other two, then bring the leaver back as a new member.
leave_samples measure_leaves(rebalance_driver& d, int repetitions, bool leader_leaves, std::mt19937& rng) {
  leave_samples out;
  auto everyone = d.all();
  std::unique_lock lock(d.shared().mu);
  int32_t generation = d.wait_synced(lock, everyone, 0);
  if (generation < 0) {
    out.failed = repetitions;
    return out;
  }
  std::uniform_int_distribution<int> phase_ms(0, static_cast<int>(heartbeat_interval.count()) - 1);
  for (int rep = 0; rep < repetitions; ++rep) {
    // Land the LeaveGroup at a random point of the members' heartbeat cycle.
    lock.unlock();
    std::this_thread::sleep_for(50ms + std::chrono::milliseconds(phase_ms(rng)));
    lock.lock();

    // The leader, or the followers in turn.
    member_thread* leader = nullptr;
    std::vector<member_thread*> followers;
    for (auto* m : everyone) {
      if (m->state().leader) {
        leader = m;
      } else {
        followers.push_back(m);
      }
    }
    member_thread* leaver = leader_leaves      ? leader
                            : followers.empty() ? nullptr
                                                : followers[static_cast<size_t>(rep) % followers.size()];
    std::vector<member_thread*> rest;
    for (auto* m : everyone)
      if (m != leaver) rest.push_back(m);
    if (!leaver || rest.size() != 2) {
      ++out.failed;
      break;
    }
    uint64_t leaves_before = leaver->state().leaves;
    leaver->command_leave();
    d.shared().cv.notify_all();
    bool left = d.shared().cv.wait_for(lock, wait_limit, [&] { return leaver->state().leaves > leaves_before; });
    if (!left || leaver->state().leave_error != 0) {
      ++out.failed;
      break;
    }
    auto left_at = leaver->state().left_at;
    int32_t after_leave = d.wait_synced(lock, rest, generation);
    if (after_leave < 0) {
      ++out.failed;
      break;
    }
    steady::time_point last_join_sent{}, last_sync{};
    for (auto* m : rest) {
      last_join_sent = std::max(last_join_sent, m->state().last_join.join_sent);
      last_sync = std::max(last_sync, m->state().last_join.sync_answered);
    }
    out.total.push_back(ms_between(left_at, last_sync));
    out.detection.push_back(ms_between(left_at, last_join_sent));
    out.coordinator.push_back(ms_between(last_join_sent, last_sync));

    // The leaver comes back as a new member: another rebalance, back to three members. It too
    // starts at a random point of the others' heartbeat cycle.
    lock.unlock();
    std::this_thread::sleep_for(50ms + std::chrono::milliseconds(phase_ms(rng)));
    lock.lock();
    auto join_started = steady::now();
    leaver->command_join();
    d.shared().cv.notify_all();
    generation = d.wait_synced(lock, everyone, after_leave);
    if (generation < 0) {
      ++out.failed;
      break;
    }
    steady::time_point all_synced{};
    for (auto* m : everyone) all_synced = std::max(all_synced, m->state().last_join.sync_answered);
    out.join_total.push_back(ms_between(join_started, all_synced));
  }
  return out;
}

}  // namespace

bool run_rebalance(const options& opt, report& out) {
  const int repetitions = opt.quick ? 10 : 60;
  out.section("rebalance: 3 members, one connection and thread each, heartbeat every 100 ms, "
              "rejoin on REBALANCE_IN_PROGRESS");
  testing::broker_process broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"}});
  if (!broker.start()) return false;
  {
    kafka_client admin;
    if (!admin.connect(broker.port()) || !wait_for_coordinator(admin, "bench-rebalance")) {
      out.note("the coordinator did not become available");
      return false;
    }
  }
  rebalance_driver driver(broker.port(), "bench-rebalance");
  if (!driver.start()) {
    out.note("could not connect the members");
    return false;
  }
  std::mt19937 rng(12345);
  auto follower = measure_leaves(driver, repetitions, false, rng);
  auto leader = measure_leaves(driver, repetitions, true, rng);
  uint64_t errors = driver.errors();
  std::string error_detail = driver.last_errors();
  driver.stop();

  out.distribution("rebalance.follower_leaves.total", "follower leaves: LeaveGroup resp -> both SyncGroup resp",
                   follower.total);
  out.distribution("rebalance.follower_leaves.detection", "  detection: LeaveGroup resp -> last JoinGroup sent",
                   follower.detection);
  out.distribution("rebalance.follower_leaves.coordinator", "  coordinator: last JoinGroup sent -> last SyncGroup resp",
                   follower.coordinator);
  out.distribution("rebalance.leader_leaves.total", "leader leaves: LeaveGroup resp -> both SyncGroup resp",
                   leader.total);
  out.distribution("rebalance.leader_leaves.detection", "  detection: LeaveGroup resp -> last JoinGroup sent",
                   leader.detection);
  out.distribution("rebalance.leader_leaves.coordinator", "  coordinator: last JoinGroup sent -> last SyncGroup resp",
                   leader.coordinator);
  std::vector<double> joins = follower.join_total;
  joins.insert(joins.end(), leader.join_total.begin(), leader.join_total.end());
  out.distribution("rebalance.member_joins.total", "new member joins: its first JoinGroup -> all 3 SyncGroup resp",
                   joins);
  if (follower.failed || leader.failed)
    out.note("repetitions that did not complete within " + std::to_string(wait_limit.count()) +
             " s: follower " + std::to_string(follower.failed) + ", leader " + std::to_string(leader.failed));
  if (errors) out.note("unexpected error codes seen by members: " + std::to_string(errors) + error_detail);
  broker.stop();
  return follower.failed == 0 && leader.failed == 0;
}

}  // namespace gregor::bench
