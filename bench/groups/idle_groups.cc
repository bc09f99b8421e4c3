// Scenario 2: what 1,000 idle groups cost the broker.
//
// 1,000 groups of one member each join (JoinGroup + SyncGroup) over a pool of 8 connections,
// each connection serving its members one after the other; every member then heartbeats every
// 3 s. Figures: VmRSS before and after, and the broker's CPU time (utime + stime over all threads)
// in an idle window with no groups, with the groups heartbeating, and with the same groups Empty
// (each member committed an offset and left; every connection closed), which should cost nothing.
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "member.h"
#include "scenarios.h"
#include "support/broker_process.h"

namespace gregor::bench {
namespace {

using namespace std::chrono_literals;
constexpr int pool_size = 8;
constexpr auto heartbeat_every = 3s;
const std::string topic = "bench-idle";

struct cpu_window {
  double cpu_ms = 0;    // schedstat
  double tick_ms = 0;   // utime + stime
  int64_t switches = 0;
  double seconds = 0;
};

cpu_window measure_cpu(pid_t pid, std::chrono::seconds length) {
  double sched0 = scheduled_cpu_ms(pid), ticks0 = cpu_ms(pid);
  int64_t cs0 = context_switches(pid);
  auto t0 = steady::now();
  std::this_thread::sleep_for(length);
  double sched1 = scheduled_cpu_ms(pid), ticks1 = cpu_ms(pid);
  int64_t cs1 = context_switches(pid);
  return {sched1 - sched0, ticks1 - ticks0, cs1 - cs0, std::chrono::duration<double>(steady::now() - t0).count()};
}

void report_cpu(report& out, const std::string& key, const std::string& what, const cpu_window& w) {
  out.value(key + ".cpu_ms", "broker CPU, " + what, w.cpu_ms, "ms", 2);
  out.value(key + ".cpu_tick_ms", "  utime+stime from /proc/<pid>/stat (10 ms ticks)", w.tick_ms, "ms", 0);
  out.value(key + ".cpu_percent", "  as a share of one core", 100.0 * w.cpu_ms / (w.seconds * 1000.0), "%", 3);
  out.value(key + ".wakeups", "  context switches, all broker threads", static_cast<double>(w.switches), "", 0);
}

// One connection and its share of the members.
struct pool_connection {
  kafka_client client;
  std::vector<group_member> members;
  std::map<int16_t, int> errors;  // error code -> count
  std::atomic<int64_t> heartbeats{0};
};

template <class F>
void on_every_connection(std::vector<pool_connection>& pool, F f) {
  std::vector<std::thread> threads;
  for (auto& c : pool) threads.emplace_back([&c, &f] { f(c); });
  for (auto& t : threads) t.join();
}

std::string error_summary(const std::vector<pool_connection>& pool) {
  std::map<int16_t, int> all;
  for (const auto& c : pool)
    for (auto [code, n] : c.errors) all[code] += n;
  std::string out;
  for (auto [code, n] : all) out += (out.empty() ? "" : ", ") + error_text(code) + " x" + std::to_string(n);
  return out;
}

}  // namespace

bool run_idle_groups(const options& opt, report& out) {
  const int groups = opt.quick ? 100 : 1000;
  const auto window = opt.quick ? 3s : 10s;
  const std::string seconds = std::to_string(window.count()) + " s";
  out.section("idle: " + std::to_string(groups) + " groups of one member, heartbeat every 3 s over " +
              std::to_string(pool_size) + " connections");

  testing::broker_process broker(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"}});
  if (!broker.start()) return false;
  pid_t pid = broker.pid();
  std::this_thread::sleep_for(500ms);
  int64_t rss_fresh = rss_kib(pid);

  {
    kafka_client admin;
    if (!admin.connect(broker.port()) || !create_topic(admin, topic, 1) ||
        !wait_for_coordinator(admin, "bench-idle-0000")) {
      out.note("could not create the topic or the offsets topic");
      return false;
    }
  }
  std::this_thread::sleep_for(1s);
  int64_t rss_before = rss_kib(pid);
  cpu_window no_groups = measure_cpu(pid, window);

  // Join every group: member i goes over connection i % pool_size.
  std::vector<pool_connection> pool(pool_size);
  for (int i = 0; i < groups; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "bench-idle-%04d", i);
    pool[static_cast<size_t>(i % pool_size)].members.emplace_back(name);
  }
  for (auto& c : pool)
    if (!c.client.connect(broker.port())) return false;
  auto join_start = steady::now();
  on_every_connection(pool, [](pool_connection& c) {
    for (auto& m : c.members)
      if (int16_t e = m.join_and_sync(c.client); e != err::none) ++c.errors[e];
  });
  double join_seconds = std::chrono::duration<double>(steady::now() - join_start).count();

  int stable = -1;
  {
    kafka_client admin;
    if (admin.connect(broker.port())) stable = count_groups(admin, "Stable");
  }
  int64_t rss_stable = rss_kib(pid);

  // Heartbeat rounds every 3 s on every connection until told to stop.
  std::atomic<bool> stop_heartbeats{false};
  std::vector<std::thread> heartbeaters;
  for (auto& c : pool) {
    heartbeaters.emplace_back([&c, &stop_heartbeats] {
      auto next_round = steady::now();
      while (!stop_heartbeats) {
        for (auto& m : c.members) {
          int16_t e = m.heartbeat(c.client);
          ++c.heartbeats;
          if (e != err::none) ++c.errors[e];
        }
        next_round += heartbeat_every;
        while (!stop_heartbeats && steady::now() < next_round) std::this_thread::sleep_for(20ms);
      }
    });
  }
  std::this_thread::sleep_for(1s);  // past the first round, which follows the joins at once
  auto count_heartbeats = [&pool] {
    int64_t n = 0;
    for (auto& c : pool) n += c.heartbeats.load();
    return n;
  };
  int64_t hb0 = count_heartbeats();
  cpu_window heartbeating = measure_cpu(pid, window);
  int64_t heartbeats_in_window = count_heartbeats() - hb0;
  int64_t rss_heartbeating = rss_kib(pid);
  stop_heartbeats = true;
  for (auto& t : heartbeaters) t.join();

  // Each member commits an offset and leaves: the groups are Empty, holding only their offsets.
  on_every_connection(pool, [](pool_connection& c) {
    for (auto& m : c.members) {
      if (int16_t e = m.commit(c.client, topic, {42}); e != err::none) ++c.errors[e];
      if (int16_t e = m.leave(c.client); e != err::none) ++c.errors[e];
    }
  });
  for (auto& c : pool) c.client.close();
  int empty = -1;
  {
    kafka_client admin;
    if (admin.connect(broker.port())) empty = count_groups(admin, "Empty");
  }
  std::this_thread::sleep_for(1s);
  cpu_window empty_groups = measure_cpu(pid, window);
  int64_t rss_empty = rss_kib(pid);

  out.value("idle.rss_fresh", "broker RSS, fresh start", rss_fresh / 1024.0, "MiB");
  out.value("idle.rss_before", "broker RSS before the groups (__consumer_offsets created)", rss_before / 1024.0, "MiB");
  out.value("idle.rss_stable", "broker RSS with " + std::to_string(groups) + " Stable groups", rss_stable / 1024.0,
            "MiB");
  out.value("idle.rss_per_group", "  growth per group", static_cast<double>(rss_stable - rss_before) / groups, "KiB",
            2);
  out.value("idle.rss_heartbeating", "broker RSS after the heartbeat window", rss_heartbeating / 1024.0, "MiB");
  out.value("idle.rss_empty", "broker RSS with the groups Empty", rss_empty / 1024.0, "MiB");
  out.value("idle.join_seconds", "join+sync of all groups (" + std::to_string(pool_size) + " connections)",
            join_seconds, "s", 2);
  out.value("idle.groups_stable", "groups Stable after joining (ListGroups)", stable, "", 0);
  report_cpu(out, "idle.no_groups", seconds + " window, no groups", no_groups);
  report_cpu(out, "idle.heartbeating", seconds + " window, groups heartbeating", heartbeating);
  out.value("idle.heartbeats", "  heartbeats answered in the window", static_cast<double>(heartbeats_in_window), "", 0);
  if (heartbeats_in_window > 0)
    out.value("idle.cpu_per_heartbeat", "  broker CPU per heartbeat", heartbeating.cpu_ms * 1000.0 / heartbeats_in_window,
              "us", 1);
  out.value("idle.groups_empty", "groups Empty after commit+leave (ListGroups)", empty, "", 0);
  report_cpu(out, "idle.empty", seconds + " window, Empty groups, no connections", empty_groups);
  out.value("idle.broker_threads", "broker threads", thread_count(pid), "", 0);
  if (auto errors = error_summary(pool); !errors.empty()) out.note("unexpected error codes: " + errors);
  broker.stop();
  return stable == groups && empty == groups;
}

}  // namespace gregor::bench
