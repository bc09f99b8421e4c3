// `gregor get-offsets` and `gregor delete-records` against a real broker: offsets for every kind
// of --time on records with known timestamps, the partition and topic filters, low watermarks
// moved by delete-records (checked with get-offsets and with the admin client), and the one-line
// errors for unknown topics, bad arguments and bad offset JSON files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gregor/admin.h"
#include "gregor/producer.h"
#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

constexpr int64_t base_time = 1700000000000;

class ToolsOffsets : public ::testing::Test {
 protected:
  // The suite is prepared by its first test's SetUp, not in SetUpTestSuite: gtest reports the
  // tests of a suite whose SetUpTestSuite failed as skipped, which ctest counts as passing.
  void SetUp() override {
    if (!prepared_) {
      prepared_ = true;
      prepare();
      ready_ = !HasFatalFailure();
    }
    ASSERT_TRUE(ready_) << "the suite's set-up failed";
  }
  static inline bool prepared_ = false;
  static inline bool ready_ = false;

  static void prepare() {
    broker_ = new broker_process();
    ASSERT_TRUE(broker_->start());
    admin_ = new kafka_admin_client({{"bootstrap_servers", broker_->bootstrap()}});
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete broker_;
    std::filesystem::remove_all(temp_dir());
  }

  static std::filesystem::path temp_dir() {
    return std::filesystem::temp_directory_path() / ("gregor-offsets-test-" + std::to_string(::getpid()));
  }

  static std::string bootstrap() { return broker_->bootstrap(); }
  static kafka_admin_client& admin() { return *admin_; }

  static std::string unique(const std::string& prefix) {
    static std::atomic<int> counter{0};
    return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  }

  static void create(const std::string& topic, int partitions) {
    admin().create_topics({{.name = topic, .num_partitions = partitions, .replication_factor = 1}}).all();
  }

  // Sends one record per batch (waiting for each ack) with the given timestamps.
  static void produce(const std::string& topic, int32_t partition, const std::vector<int64_t>& timestamps) {
    kafka_producer producer({{"bootstrap_servers", bootstrap()}});
    for (size_t i = 0; i < timestamps.size(); ++i) {
      std::string value = std::to_string(i);
      producer.send({.topic = topic, .value = value, .partition = partition, .timestamp_ms = timestamps[i]}).get();
    }
  }

  static std::vector<std::string> get_offsets(std::vector<std::string> args) {
    args.insert(args.begin(), {"get-offsets", "--bootstrap-server", bootstrap()});
    auto r = run_gregor(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.err, "") << r;
    return lines(r.out);
  }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  // Writes `text` to a fresh file and returns its path.
  static std::string write_file(const std::string& text) {
    std::filesystem::create_directories(temp_dir());
    auto path = temp_dir() / (unique("offsets") + ".json");
    std::ofstream(path) << text;
    return path.string();
  }

  static inline broker_process* broker_ = nullptr;
  static inline kafka_admin_client* admin_ = nullptr;
};

TEST_F(ToolsOffsets, EveryKindOfTime) {
  std::string t = unique("times");
  create(t, 2);
  // Partition 0's largest timestamp is at offset 1; partition 1's timestamps increase.
  produce(t, 0, {base_time, base_time + 4000, base_time + 1000, base_time + 2000, base_time + 3000});
  produce(t, 1, {base_time, base_time + 10, base_time + 20});

  using lines_t = std::vector<std::string>;
  EXPECT_EQ(get_offsets({"--topic", t}), (lines_t{t + ":0:5", t + ":1:3"}));  // latest by default
  for (const char* latest : {"latest", "-1"})
    EXPECT_EQ(get_offsets({"--topic", t, "--time", latest}), (lines_t{t + ":0:5", t + ":1:3"})) << latest;
  for (const char* earliest : {"earliest", "-2"})
    EXPECT_EQ(get_offsets({"--topic", t, "--time", earliest}), (lines_t{t + ":0:0", t + ":1:0"})) << earliest;
  for (const char* newest : {"max-timestamp", "-3"})
    EXPECT_EQ(get_offsets({"--topic", t, "--time", newest}), (lines_t{t + ":0:1", t + ":1:2"})) << newest;

  // A timestamp: the first offset whose timestamp is at or after it.
  EXPECT_EQ(get_offsets({"--topic", t, "--time", std::to_string(base_time + 15)}), (lines_t{t + ":0:1", t + ":1:2"}));
  EXPECT_EQ(get_offsets({"--topic", t, "--time", std::to_string(base_time + 4000)}), (lines_t{t + ":0:1"}));
  // After every record: no offset, so no line (as Kafka's tool), and still success.
  EXPECT_EQ(get_offsets({"--topic", t, "--time", std::to_string(base_time + 5000)}), lines_t{});
}

TEST_F(ToolsOffsets, PartitionAndTopicFilters) {
  std::string prefix = unique("filters");
  std::string a = prefix + "-a", b = prefix + "-b", wide = prefix + "-wide";
  create(a, 3);
  create(b, 2);
  create(wide, 12);
  produce(a, 1, {base_time, base_time + 1});
  produce(b, 0, {base_time});

  using lines_t = std::vector<std::string>;
  EXPECT_EQ(get_offsets({"--topic", a, "--partitions", "1"}), (lines_t{a + ":1:2"}));
  EXPECT_EQ(get_offsets({"--topic", a, "--partitions", "0,2"}), (lines_t{a + ":0:0", a + ":2:0"}));
  // A regular expression over whole names, ',' meaning "or"; sorted by topic then partition.
  EXPECT_EQ(get_offsets({"--topic", prefix + "-[ab]", "--partitions", "0"}), (lines_t{a + ":0:0", b + ":0:1"}));
  EXPECT_EQ(get_offsets({"--topic", a + "," + b, "--partitions", "1"}), (lines_t{a + ":1:2", b + ":1:0"}));
  // The expression must match the whole name: the bare prefix matches no topic.
  auto prefix_only = run_gregor({"get-offsets", "--bootstrap-server", bootstrap(), "--topic", prefix});
  EXPECT_EQ(prefix_only.exit_code, 1) << prefix_only;
  EXPECT_EQ(prefix_only.err, "Error: Could not match any topic-partitions with the specified filters\n") << prefix_only;
  // Partition numbers sort numerically (10 after 9).
  auto all = get_offsets({"--topic", wide});
  ASSERT_EQ(all.size(), 12u);
  for (int p = 0; p < 12; ++p) EXPECT_EQ(all[p], wide + ":" + std::to_string(p) + ":0");

  // --topic-partitions: N, N-M (M exclusive), N-, -M, all, and a rule without a topic.
  EXPECT_EQ(get_offsets({"--topic-partitions", a + ":1," + b}), (lines_t{a + ":1:2", b + ":0:1", b + ":1:0"}));
  EXPECT_EQ(get_offsets({"--topic-partitions", a + ":0-2"}), (lines_t{a + ":0:0", a + ":1:2"}));
  EXPECT_EQ(get_offsets({"--topic-partitions", a + ":1-"}), (lines_t{a + ":1:2", a + ":2:0"}));
  EXPECT_EQ(get_offsets({"--topic-partitions", wide + ":-2"}), (lines_t{wide + ":0:0", wide + ":1:0"}));
  EXPECT_EQ(get_offsets({"--topic-partitions", prefix + "-.*:11"}), (lines_t{wide + ":11:0"}));
  auto any_topic = get_offsets({"--topic-partitions", ":11"});
  EXPECT_NE(std::find(any_topic.begin(), any_topic.end(), wide + ":11:0"), any_topic.end());
  EXPECT_EQ(std::find(any_topic.begin(), any_topic.end(), a + ":0:0"), any_topic.end());

  // Without --topic every topic is queried, internal ones too unless left out. A committed offset
  // makes sure __consumer_offsets exists.
  admin().alter_consumer_group_offsets(unique("group"), {{{a, 0}, offset_and_metadata{.offset = 0}}}).all();
  auto is_internal = [](const std::string& line) { return line.rfind("__consumer_offsets:", 0) == 0; };
  auto everything = get_offsets({});
  EXPECT_NE(std::find(everything.begin(), everything.end(), a + ":1:2"), everything.end());
  EXPECT_TRUE(std::any_of(everything.begin(), everything.end(), is_internal));
  auto external = get_offsets({"--exclude-internal-topics"});
  EXPECT_NE(std::find(external.begin(), external.end(), a + ":1:2"), external.end());
  EXPECT_FALSE(std::any_of(external.begin(), external.end(), is_internal));
}

TEST_F(ToolsOffsets, UnknownTopicsAndBadArgumentsFailWithOneLine) {
  std::string t = unique("args");
  create(t, 1);
  auto expect_error = [&](std::vector<std::string> args, const std::string& message) {
    args.insert(args.begin(), {"get-offsets", "--bootstrap-server", bootstrap()});
    auto r = run_gregor(args);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_EQ(r.err, "Error: " + message + "\n") << r;
  };
  expect_error({"--topic", unique("missing")}, "Could not match any topic-partitions with the specified filters");
  expect_error({"--topic", t, "--partitions", "5"}, "Could not match any topic-partitions with the specified filters");
  expect_error({"--topic", t, "--partitions", "0-1"},
               "--partitions expects a comma separated list of numeric partition ids, but received: 0-1");
  expect_error({"--topic-partitions", t + ":x"}, "Invalid rule specification: " + t + ":x");
  expect_error({"--topic-partitions", t, "--topic", t},
               "--topic-partitions cannot be used with --topic or --partitions");
  auto bad_time = run_gregor({"get-offsets", "--bootstrap-server", bootstrap(), "--topic", t, "--time", "yesterday"});
  EXPECT_EQ(bad_time.exit_code, 1) << bad_time;
  EXPECT_EQ(bad_time.err.rfind("Error: Malformed time argument yesterday.", 0), 0u) << bad_time;
  auto bad_regex = run_gregor({"get-offsets", "--bootstrap-server", bootstrap(), "--topic", "(unclosed"});
  EXPECT_EQ(bad_regex.exit_code, 1) << bad_regex;
  EXPECT_EQ(bad_regex.err.rfind("Error: '(unclosed' is not a valid regular expression", 0), 0u) << bad_regex;
  EXPECT_EQ(std::count(bad_regex.err.begin(), bad_regex.err.end(), '\n'), 1) << bad_regex;
}

TEST_F(ToolsOffsets, DeleteRecordsMovesTheLowWatermark) {
  std::string t = unique("delete");
  create(t, 2);
  produce(t, 0, std::vector<int64_t>(10, base_time));
  produce(t, 1, std::vector<int64_t>(4, base_time));

  auto file = write_file(R"({"partitions":[{"topic":")" + t + R"(","partition":0,"offset":3},)" + R"({"topic":")" + t +
                         R"(","partition":1,"offset":-1}],"version":1})");
  auto r = run_gregor({"delete-records", "--bootstrap-server", bootstrap(), "--offset-json-file", file});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.err, "") << r;
  EXPECT_EQ(r.out,
            "Executing records delete operation\n"
            "Records delete operation completed:\n"
            "partition: " +
                t +
                "-0\tlow_watermark: 3\n"
                "partition: " +
                t + "-1\tlow_watermark: 4\n");

  // get-offsets and the admin client agree on the new log start offsets; the ends did not move.
  EXPECT_EQ(get_offsets({"--topic", t, "--time", "earliest"}), (std::vector<std::string>{t + ":0:3", t + ":1:4"}));
  EXPECT_EQ(get_offsets({"--topic", t}), (std::vector<std::string>{t + ":0:10", t + ":1:4"}));
  topic_partition p0{t, 0}, p1{t, 1};
  auto earliest = admin().list_offsets({{p0, offset_spec::earliest()}, {p1, offset_spec::earliest()}}).all();
  EXPECT_EQ(earliest[p0].offset, 3);
  EXPECT_EQ(earliest[p1].offset, 4);
}

TEST_F(ToolsOffsets, DeleteRecordsReportsEachFailedPartition) {
  std::string t = unique("delete-fail"), missing = unique("missing");
  create(t, 1);
  produce(t, 0, std::vector<int64_t>(2, base_time));
  // Beyond the high watermark, and a topic that does not exist.
  auto file = write_file(R"({"partitions":[{"topic":")" + t + R"(","partition":0,"offset":50},)" + R"({"topic":")" +
                         missing + R"(","partition":0,"offset":1}]})");
  auto r = run_gregor({"delete-records", "--bootstrap-server", bootstrap(), "--offset-json-file", file});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 4u) << r;
  EXPECT_EQ(out[0], "Executing records delete operation");
  EXPECT_EQ(out[1], "Records delete operation completed:");
  bool missing_first = missing < t;  // lines are sorted by topic
  const std::string& missing_line = missing_first ? out[2] : out[3];
  const std::string& range_line = missing_first ? out[3] : out[2];
  EXPECT_EQ(missing_line.rfind("partition: " + missing + "-0\terror: UNKNOWN_TOPIC_OR_PARTITION", 0), 0u) << r;
  EXPECT_EQ(range_line.rfind("partition: " + t + "-0\terror: OFFSET_OUT_OF_RANGE", 0), 0u) << r;
  EXPECT_EQ(get_offsets({"--topic", t, "--time", "earliest"}), (std::vector<std::string>{t + ":0:0"}));
}

TEST_F(ToolsOffsets, DeleteRecordsRejectsBadOffsetFiles) {
  std::string t = unique("bad-json");
  create(t, 1);
  produce(t, 0, std::vector<int64_t>(3, base_time));
  std::string entry = R"({"topic":")" + t + R"(","partition":0,"offset":1})";
  struct bad_case {
    std::string json;
    std::string error;
  };
  std::vector<bad_case> cases = {
      {"{\"partitions\": [", "the offset JSON file is not valid JSON: "},
      {"[1, 2]", "the offset JSON file must hold an object with a \"partitions\" list"},
      {"{\"version\": 1}", "the offset JSON file has no \"partitions\" field"},
      {"{\"partitions\": []}", "the offset JSON file lists no partitions"},
      {"{\"version\": 2, \"partitions\": [" + entry + "]}", "unsupported \"version\" 2 in the offset JSON file"},
      {R"({"partitions":[{"topic":")" + t + R"(","offset":1}]})", "partition entry 0 has no \"partition\" field"},
      {R"({"partitions":[{"partition":0,"offset":1}]})", "partition entry 0 has no \"topic\" field"},
      {R"({"partitions":[{"topic":")" + t + R"(","partition":0,"offset":"1"}]})",
       "partition entry 0: \"offset\" must be an integer"},
      {R"({"partitions":[{"topic":")" + t + R"(","partition":0,"offset":-2}]})",
       "partition entry 0: \"offset\" must be an offset >= 0, or -1 for the high watermark"},
      {"{\"partitions\": [" + entry + "," + entry + "]}",
       "Offset json file contains duplicate topic partitions: " + t + "-0"},
  };
  for (const auto& c : cases) {
    auto r =
        run_gregor({"delete-records", "--bootstrap-server", bootstrap(), "--offset-json-file", write_file(c.json)});
    EXPECT_EQ(r.exit_code, 1) << c.json << "\n" << r;
    EXPECT_EQ(r.out, "") << c.json << "\n" << r;
    EXPECT_EQ(r.err.rfind("Error: " + c.error, 0), 0u) << c.json << "\n" << r;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.json << "\n" << r;
  }
  auto no_file =
      run_gregor({"delete-records", "--bootstrap-server", bootstrap(), "--offset-json-file", "/nonexistent/x.json"});
  EXPECT_EQ(no_file.exit_code, 1) << no_file;
  EXPECT_EQ(no_file.err, "Error: cannot read offset JSON file /nonexistent/x.json\n") << no_file;
  // Nothing was deleted by any of them.
  EXPECT_EQ(get_offsets({"--topic", t, "--time", "earliest"}), (std::vector<std::string>{t + ":0:0"}));
}

}  // namespace
}  // namespace gregor::testing
