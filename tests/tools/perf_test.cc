// `gregor producer-perf-test` and `gregor consumer-perf-test` against a real broker: the numbers
// they print are parsed and checked against each other and against what the topic really holds.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <signal.h>

#include "gregor/admin.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"
#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  size_t from = 0;
  for (;;) {
    size_t at = line.find(", ", from);
    fields.push_back(line.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return fields;
    from = at + 2;
  }
}

// The numbers of producer-perf-test's final line.
struct producer_summary {
  int64_t records = 0;
  double records_per_sec = 0, mb_per_sec = 0, avg_ms = 0, max_ms = 0;
  double p50 = 0, p95 = 0, p99 = 0, p999 = 0;
};

std::optional<producer_summary> find_summary(const std::string& out) {
  static const std::regex re(
      R"(^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max )"
      R"(latency, ([\d.]+) ms 50th, ([\d.]+) ms 95th, ([\d.]+) ms 99th, ([\d.]+) ms 99\.9th\.$)");
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (!std::regex_match(line, m, re)) continue;
    return producer_summary{std::stoll(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), std::stod(m[5]),
                            std::stod(m[6]),  std::stod(m[7]), std::stod(m[8]), std::stod(m[9])};
  }
  return std::nullopt;
}

// Progress lines: "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency."
std::vector<std::pair<int64_t, double>> find_progress(const std::string& out) {
  static const std::regex re(
      R"(^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency\.$)");
  std::vector<std::pair<int64_t, double>> found;
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, re)) found.emplace_back(std::stoll(m[1]), std::stod(m[2]));
  }
  return found;
}

class PerfTools : public ::testing::Test {
 protected:
  // No initial rebalance delay, so that consumer-perf-test gets its partitions at once.
  PerfTools() : broker_(std::map<std::string, std::string>{{"group.initial.rebalance.delay.ms", "0"}}) {}

  void SetUp() override { ASSERT_TRUE(broker_.start()); }

  void create_topic(const std::string& name, std::map<std::string, std::string> configs = {}) {
    kafka_admin_client admin({{"bootstrap_servers", broker_.bootstrap()}});
    admin.create_topics({{.name = name, .num_partitions = 1, .replication_factor = 1, .configs = std::move(configs)}})
        .all();
  }

  // Every value in partition 0 of `topic`, read from the beginning.
  std::vector<std::string> read_values(const std::string& topic, size_t expected) {
    kafka_consumer consumer({{"bootstrap_servers", broker_.bootstrap()}, {"auto_offset_reset", "earliest"}});
    consumer.assign({{topic, 0}});
    std::vector<std::string> values;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (values.size() < expected && std::chrono::steady_clock::now() < deadline) {
      for (auto& [tp, records] : consumer.poll(200))
        for (auto& r : records) values.push_back(r.value.value_or("<null>"));
    }
    const topic_partition tp{topic, 0};
    EXPECT_EQ(consumer.end_offsets({tp})[tp], static_cast<int64_t>(expected)) << topic;
    return values;
  }

  void produce(const std::string& topic, int count, size_t size) {
    kafka_producer producer({{"bootstrap_servers", broker_.bootstrap()}});
    for (int i = 0; i < count; ++i) producer.send(topic, std::string(size, 'v'));
    producer.flush();
  }

  broker_process broker_;
};

TEST_F(PerfTools, ProducerUnlimitedReportsAndTheTopicHoldsTheRecords) {
  create_topic("perf-unlimited");
  auto r = run_gregor({"producer-perf-test", "--topic", "perf-unlimited", "--num-records", "20000", "--record-size",
                       "100", "--throughput", "-1", "--bootstrap-server", broker_.bootstrap()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto s = find_summary(r.out);
  ASSERT_TRUE(s) << r;
  EXPECT_EQ(s->records, 20000);
  EXPECT_GT(s->records_per_sec, 0);
  // MB/sec is records/sec times 100 bytes over 1024 * 1024 (both rounded as printed).
  EXPECT_NEAR(s->mb_per_sec, s->records_per_sec * 100 / 1048576.0, 0.01) << r;
  EXPECT_GT(s->avg_ms, 0);
  EXPECT_LE(s->avg_ms, s->max_ms);
  EXPECT_LE(s->p50, s->p95);
  EXPECT_LE(s->p95, s->p99);
  EXPECT_LE(s->p99, s->p999);
  EXPECT_LE(s->p999, s->max_ms);

  auto values = read_values("perf-unlimited", 20000);
  ASSERT_EQ(values.size(), 20000u);
  for (const auto& v : values) {
    ASSERT_EQ(v.size(), 100u);
    ASSERT_EQ(v.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << v;
  }
}

TEST_F(PerfTools, ThrottledRunKeepsTheScheduleAndReportsProgress) {
  create_topic("perf-throttled");
  auto started = std::chrono::steady_clock::now();
  auto r = run_gregor({"producer-perf-test", "--topic", "perf-throttled", "--num-records", "11000", "--record-size",
                       "100", "--throughput", "2000", "--producer-props",
                       "bootstrap.servers=" + broker_.bootstrap(), "acks=1", "linger.ms=1"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(r.exit_code, 0) << r;
  // 11000 records at 2000/s: the last is due after 5.5 s.
  EXPECT_GE(seconds, 5.4) << r;
  EXPECT_LE(seconds, 9.0) << r;

  auto s = find_summary(r.out);
  ASSERT_TRUE(s) << r;
  EXPECT_EQ(s->records, 11000);
  EXPECT_GT(s->records_per_sec, 1700) << r;
  EXPECT_LT(s->records_per_sec, 2100) << r;
  EXPECT_LE(s->p50, s->p95);
  EXPECT_LE(s->p999, s->max_ms);

  // One progress line after 5 s, counting about 10000 records at about 2000 records/sec.
  auto progress = find_progress(r.out);
  ASSERT_EQ(progress.size(), 1u) << r;
  EXPECT_GT(progress[0].first, 9000) << r;
  EXPECT_LE(progress[0].first, 11000) << r;
  EXPECT_NEAR(progress[0].second, 2000, 200) << r;
  EXPECT_EQ(read_values("perf-throttled", 11000).size(), 11000u);
}

// A broker stall with a small producer buffer blocks send(). Latency still counts from each
// record's place on the schedule, so the records the stall held back show it: measured from the
// send() call instead, all but the few dozen buffered records would look fast (coordinated omission).
TEST_F(PerfTools, ThrottledLatencyCountsStallsFromTheSchedule) {
  create_topic("perf-stall");
  tool_process producer({"producer-perf-test", "--topic", "perf-stall", "--num-records", "3000", "--record-size", "100",
                         "--throughput", "1000", "--producer-props", "bootstrap.servers=" + broker_.bootstrap(),
                         "acks=1", "batch.size=1024", "buffer.memory=4096"});
  std::this_thread::sleep_for(1s);
  ASSERT_EQ(::kill(broker_.pid(), SIGSTOP), 0);
  std::this_thread::sleep_for(1s);
  ASSERT_EQ(::kill(broker_.pid(), SIGCONT), 0);
  auto r = producer.wait(30s);
  ASSERT_EQ(r.exit_code, 0) << r;
  auto s = find_summary(r.out);
  ASSERT_TRUE(s) << r;
  EXPECT_EQ(s->records, 3000);
  // About a third of the records were due during the 1 s stall, waiting 0 to 1000 ms.
  EXPECT_GT(s->max_ms, 800) << r;
  EXPECT_GT(s->p95, 500) << r;
  EXPECT_LT(s->p50, 100) << r;
}

TEST_F(PerfTools, PayloadFileRecordsComeFromTheFile) {
  create_topic("perf-payloads");
  auto dir = broker_.data_dir().parent_path();
  std::ofstream(dir / "payloads.txt") << "alpha\nbeta\n\ngamma\n";
  auto r = run_gregor({"producer-perf-test", "--topic", "perf-payloads", "--num-records", "300", "--payload-file",
                       (dir / "payloads.txt").string(), "--throughput", "-1", "--bootstrap-server",
                       broker_.bootstrap()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("Number of messages read: 3\n"), std::string::npos) << r;
  ASSERT_TRUE(find_summary(r.out)) << r;
  auto values = read_values("perf-payloads", 300);
  std::multiset<std::string> seen(values.begin(), values.end());
  EXPECT_EQ(seen.size(), 300u);
  // Random picks: each of the three shows up (missing one has odds of about 3 * (2/3)^300).
  for (const char* p : {"alpha", "beta", "gamma"}) EXPECT_GT(seen.count(p), 0u) << p;
  EXPECT_EQ(seen.count("alpha") + seen.count("beta") + seen.count("gamma"), 300u);

  // Another delimiter.
  create_topic("perf-payloads-semicolon");
  std::ofstream(dir / "semicolons.txt") << "x;yy";
  r = run_gregor({"producer-perf-test", "--topic", "perf-payloads-semicolon", "--num-records", "50", "--payload-file",
                  (dir / "semicolons.txt").string(), "--payload-delimiter", ";", "--throughput", "-1",
                  "--bootstrap-server", broker_.bootstrap()});
  ASSERT_EQ(r.exit_code, 0) << r;
  for (const auto& v : read_values("perf-payloads-semicolon", 50)) EXPECT_TRUE(v == "x" || v == "yy") << v;
}

TEST_F(PerfTools, FailedRecordsExitNonZeroWithTheCountAndFirstError) {
  // The topic takes no batch of more than 200 bytes: every 1000-byte record is refused.
  create_topic("perf-too-large", {{"max.message.bytes", "200"}});
  auto r = run_gregor({"producer-perf-test", "--topic", "perf-too-large", "--num-records", "20", "--record-size",
                       "1000", "--throughput", "-1", "--bootstrap-server", broker_.bootstrap()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("Error: 20 of 20 records failed; first error: "), std::string::npos) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  auto s = find_summary(r.out);
  ASSERT_TRUE(s) << r;
  EXPECT_EQ(s->records, 0);
}

TEST_F(PerfTools, ConsumerReportsWhatItConsumed) {
  create_topic("perf-consume");
  produce("perf-consume", 20000, 100);
  auto r = run_gregor({"consumer-perf-test", "--bootstrap-server", broker_.bootstrap(), "--topic", "perf-consume",
                       "--messages", "20000", "--group", "perf-consume-group"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r;
  EXPECT_EQ(lines[0],
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
            "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
  auto f = split_fields(lines[1]);
  ASSERT_EQ(f.size(), 10u) << lines[1];
  static const std::regex date(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3})");
  EXPECT_TRUE(std::regex_match(f[0], date)) << f[0];
  EXPECT_TRUE(std::regex_match(f[1], date)) << f[1];
  EXPECT_LE(f[0], f[1]);
  EXPECT_EQ(f[2], "1.9073");  // 20000 * 100 bytes / 1024 / 1024
  EXPECT_EQ(f[4], "20000");
  double mb_sec = std::stod(f[3]), msg_sec = std::stod(f[5]);
  EXPECT_GT(msg_sec, 0);
  EXPECT_NEAR(mb_sec, msg_sec * 100 / 1048576.0, 0.001 + mb_sec * 0.001);
  int64_t rebalance_ms = std::stoll(f[6]), fetch_ms = std::stoll(f[7]);
  EXPECT_GE(rebalance_ms, 0);
  EXPECT_GE(fetch_ms, 0);
  // The fetch rates count the same data over the time less the rebalance.
  if (fetch_ms > 0) {
    double expected = 20000.0 / (static_cast<double>(fetch_ms) / 1000.0);
    EXPECT_NEAR(std::stod(f[9]), expected, expected * 0.001) << lines[1];
    EXPECT_GE(std::stod(f[9]), msg_sec) << lines[1];
  }

  // The group now has the offsets: consuming again from it finds nothing new.
  auto again = run_gregor({"consumer-perf-test", "--bootstrap-server", broker_.bootstrap(), "--topic", "perf-consume",
                           "--messages", "1", "--group", "perf-consume-group", "--timeout", "1000", "--hide-header"});
  EXPECT_EQ(again.exit_code, 1) << again;
}

TEST_F(PerfTools, ConsumerDetailedStatsAndDateFormat) {
  create_topic("perf-detailed");
  produce("perf-detailed", 1000, 10);
  auto r = run_gregor({"consumer-perf-test", "--bootstrap-server", broker_.bootstrap(), "--topic", "perf-detailed",
                       "--messages", "1000", "--show-detailed-stats", "--reporting-interval", "1000",
                       "--date-format", "yyyy'T'HH:mm", "--hide-header"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 1u) << r;
  auto last = split_fields(lines.back());
  ASSERT_EQ(last.size(), 10u) << r;
  EXPECT_TRUE(std::regex_match(last[0], std::regex(R"(\d{4}T\d\d:\d\d)"))) << last[0];
  EXPECT_EQ(last[1], "0");
  EXPECT_EQ(last[2], "0.0095");  // 1000 * 10 bytes, cumulative
  EXPECT_EQ(last[4], "1000");
  EXPECT_EQ(r.out.find("start.time"), std::string::npos) << r;
}

TEST_F(PerfTools, ConsumerTimesOutWhenTooFewMessagesExist) {
  create_topic("perf-short");
  produce("perf-short", 5, 10);
  auto started = std::chrono::steady_clock::now();
  auto r = run_gregor({"consumer-perf-test", "--bootstrap-server", broker_.bootstrap(), "--topic", "perf-short",
                       "--messages", "10", "--timeout", "1000"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_EQ(r.err,
            "Error: timed out after consuming 5 of 10 messages: none arrived for 1000 ms (raise --timeout to wait "
            "longer)\n");
  EXPECT_LT(seconds, 10) << r;
  // What it did consume is still reported.
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r;
  EXPECT_EQ(split_fields(lines[1]).at(4), "5") << r;
}

TEST_F(PerfTools, BadFlagsFailWithOneLine) {
  const std::string bs = broker_.bootstrap();
  auto dir = broker_.data_dir().parent_path();
  std::ofstream(dir / "empty.txt") << "\n\n";
  const std::vector<std::vector<std::string>> bad = {
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--throughput", "-1", "--bootstrap-server", bs},
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--record-size", "10", "--payload-file",
       (dir / "empty.txt").string(), "--throughput", "-1", "--bootstrap-server", bs},
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--payload-file", (dir / "empty.txt").string(),
       "--throughput", "-1", "--bootstrap-server", bs},
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--record-size", "10", "--throughput", "0",
       "--bootstrap-server", bs},
      {"producer-perf-test", "--topic", "t", "--num-records", "0", "--record-size", "10", "--throughput", "-1",
       "--bootstrap-server", bs},
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--record-size", "10", "--throughput", "-1"},
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--record-size", "10", "--throughput", "-1",
       "--producer-props", "acks"},
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--record-size", "10", "--throughput", "-1",
       "--producer-props", "no.such.setting=1", "--bootstrap-server", bs},
      {"consumer-perf-test", "--bootstrap-server", bs, "--topic", "no-such-topic", "--messages", "1"},
      {"consumer-perf-test", "--bootstrap-server", bs, "--topic", "t", "--messages", "0"},
      {"consumer-perf-test", "--bootstrap-server", bs, "--topic", "t", "--messages", "1", "--date-format", "yyyy-QQ"},
      {"consumer-perf-test", "--bootstrap-server", bs, "--topic", "t", "--messages", "1", "--date-format", "'open"},
  };
  for (const auto& args : bad) {
    auto r = run_gregor(args);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    EXPECT_EQ(r.exit_code, 1) << cmd << r;
    EXPECT_EQ(r.out, "") << cmd << r;
    EXPECT_EQ(r.err.find("Error: "), 0u) << cmd << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << cmd << r;
  }
  // Flags the command line parser itself refuses (missing, malformed): its message, a failing exit.
  const std::vector<std::vector<std::string>> unparsable = {
      {"producer-perf-test", "--topic", "t", "--num-records", "10", "--record-size", "10", "--bootstrap-server", bs},
      {"producer-perf-test", "--topic", "t", "--num-records", "ten", "--record-size", "10", "--throughput", "-1",
       "--bootstrap-server", bs},
      {"producer-perf-test", "--num-records", "10", "--record-size", "10", "--throughput", "-1",
       "--bootstrap-server", bs},
      {"consumer-perf-test", "--bootstrap-server", bs, "--topic", "t"},
      {"consumer-perf-test", "--topic", "t", "--messages", "1"},
      {"consumer-perf-test", "--bootstrap-server", bs, "--topic", "t", "--messages", "1", "--timeout", "soon"},
  };
  for (const auto& args : unparsable) {
    auto r = run_gregor(args);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    EXPECT_NE(r.exit_code, 0) << cmd << r;
    EXPECT_EQ(r.out, "") << cmd << r;
    EXPECT_FALSE(r.err.empty()) << cmd << r;
  }
}

}  // namespace
}  // namespace gregor::testing
