// `gregor consumer-groups` against a real broker: groups and offsets are set up with the C++
// client library (producer, consumer), the tool runs as a subprocess, and what it changed is read
// back with the admin client.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gregor/admin.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"
#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor {
// Readable topic-partitions in assertion messages.
inline void PrintTo(const topic_partition& tp, std::ostream* os) { *os << tp.topic << "-" << tp.partition; }
}  // namespace gregor

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;
using offsets = std::map<topic_partition, int64_t>;

// Splits stdout into the whitespace-separated cells of its non-blank lines.
std::vector<std::vector<std::string>> table_rows(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream cells(line);
    std::vector<std::string> row;
    std::string cell;
    while (cells >> cell) row.push_back(cell);
    if (!row.empty()) rows.push_back(std::move(row));
  }
  return rows;
}

// The row whose first cells are `prefix`, or an empty row.
std::vector<std::string> find_row(const std::string& out, const std::vector<std::string>& prefix) {
  for (auto& row : table_rows(out)) {
    if (row.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), row.begin())) return row;
  }
  return {};
}

class ConsumerGroupsTool : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    admin_ = std::make_unique<kafka_admin_client>(client_config());
  }

  config client_config() const { return {{"bootstrap_servers", broker_.bootstrap()}}; }

  // A name unique to this test.
  std::string unique(const std::string& what) {
    return std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + what;
  }

  void create_topic(const std::string& topic, int32_t partitions) {
    admin_->create_topics({{.name = topic, .num_partitions = partitions, .replication_factor = 1}}).all();
  }

  // `count` records into one partition; with `first_timestamp`, record i gets first + i * step.
  void produce(const std::string& topic, int32_t partition, int count, std::optional<int64_t> first_timestamp = {},
               int64_t step_ms = 0) {
    kafka_producer producer(client_config());
    std::vector<send_future> sent;
    for (int i = 0; i < count; ++i) {
      std::optional<int64_t> ts;
      if (first_timestamp) ts = *first_timestamp + i * step_ms;
      sent.push_back(producer.send(topic, "value-" + std::to_string(i), std::nullopt, partition, ts));
    }
    producer.flush();
    for (auto& f : sent) f.get();
  }

  // Commits offsets the way an application does: a consumer of the group, assigned, committing.
  void commit(const std::string& group, const offsets& to_commit) {
    kafka_consumer consumer(
        {{"bootstrap_servers", broker_.bootstrap()}, {"group_id", group}, {"enable_auto_commit", false}});
    std::vector<topic_partition> partitions;
    std::map<topic_partition, offset_and_metadata> commits;
    for (const auto& [tp, offset] : to_commit) {
      partitions.push_back(tp);
      commits[tp] = {.offset = offset};
    }
    consumer.assign(partitions);
    consumer.commit(commits);
    consumer.close();
  }

  offsets committed(const std::string& group) {
    offsets out;
    auto found = admin_->list_consumer_group_offsets(group);  // keep the future alive while reading
    for (const auto& [tp, o] : found.get()) out[tp] = o.offset;
    return out;
  }

  // A member of `group` subscribed to `topic`, holding its partitions until destroyed.
  std::unique_ptr<kafka_consumer> join(const std::string& group, const std::string& topic, const std::string& client_id) {
    auto consumer = std::make_unique<kafka_consumer>(config{{"bootstrap_servers", broker_.bootstrap()},
                                                            {"group_id", group},
                                                            {"client_id", client_id},
                                                            {"enable_auto_commit", false},
                                                            {"auto_offset_reset", "earliest"}});
    consumer->subscribe({topic});
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (consumer->assignment().empty() && std::chrono::steady_clock::now() < deadline) consumer->poll(100);
    EXPECT_FALSE(consumer->assignment().empty()) << "the consumer did not join " << group;
    return consumer;
  }

  tool_result tool(std::vector<std::string> args) {
    args.insert(args.begin(), {"consumer-groups", "--bootstrap-server", broker_.bootstrap()});
    return run_gregor(args, {}, 30s);
  }

  // A topic of two partitions with 5 records each and a group that committed 3 and 4.
  void seed(const std::string& topic, const std::string& group) {
    create_topic(topic, 2);
    produce(topic, 0, 5);
    produce(topic, 1, 5);
    commit(group, {{{topic, 0}, 3}, {{topic, 1}, 4}});
  }

  broker_process broker_{{{"group.initial.rebalance.delay.ms", "0"}}};
  std::unique_ptr<kafka_admin_client> admin_;
};

// ---- --describe ---------------------------------------------------------------------------------

TEST_F(ConsumerGroupsTool, DescribeShowsOffsetsAndLagOfAGroupWithoutMembers) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);

  auto r = tool({"--describe", "--group", group});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("Consumer group '" + group + "' has no active members."), std::string::npos) << r;
  EXPECT_EQ(r.out.substr(0, 1), "\n") << "Kafka prints a blank line before the table";
  auto rows = table_rows(r.out);
  ASSERT_EQ(rows.size(), 3u) << r;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                                               "CONSUMER-ID", "HOST", "CLIENT-ID"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{group, topic, "0", "3", "5", "2", "-", "-", "-"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{group, topic, "1", "4", "5", "1", "-", "-", "-"}));
}

TEST_F(ConsumerGroupsTool, DescribeShowsTheActiveMember) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  produce(topic, 1, 2);  // partition 1 now ends at 7
  auto member = join(group, topic, "billing-client");
  std::string member_id = member->group_metadata().member_id;
  ASSERT_FALSE(member_id.empty());

  auto r = tool({"--describe", "--group", group});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.err.find("no active members"), std::string::npos) << r;
  auto p0 = find_row(r.out, {group, topic, "0"});
  auto p1 = find_row(r.out, {group, topic, "1"});
  ASSERT_EQ(p0.size(), 9u) << r;
  ASSERT_EQ(p1.size(), 9u) << r;
  EXPECT_EQ(p0[3], "3");
  EXPECT_EQ(p1[3], "4");
  EXPECT_EQ(p1[4], "7");
  EXPECT_EQ(p1[5], "3");
  EXPECT_EQ(p0[6], member_id);
  EXPECT_EQ(p0[8], "billing-client");
  EXPECT_NE(p0[7], "-");  // the member's host
}

TEST_F(ConsumerGroupsTool, DescribeAssignedPartitionWithoutCommittedOffsetShowsDashes) {
  std::string topic = unique("t"), group = unique("g");
  create_topic(topic, 1);
  produce(topic, 0, 4);
  auto member = join(group, topic, "c1");

  auto r = tool({"--describe", "--group", group});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto row = find_row(r.out, {group, topic, "0"});
  ASSERT_EQ(row.size(), 9u) << r;
  EXPECT_EQ(row[3], "-");
  EXPECT_EQ(row[4], "4");
  EXPECT_EQ(row[5], "-");
  EXPECT_EQ(row[8], "c1");
}

TEST_F(ConsumerGroupsTool, DescribeMembersAndVerboseAssignment) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  auto member = join(group, topic, "members-client");

  auto r = tool({"--describe", "--group", group, "--members"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto rows = table_rows(r.out);
  ASSERT_EQ(rows.size(), 2u) << r;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"}));
  ASSERT_EQ(rows[1].size(), 5u) << r;
  EXPECT_EQ(rows[1][1], member->group_metadata().member_id);
  EXPECT_EQ(rows[1][3], "members-client");
  EXPECT_EQ(rows[1][4], "2");

  r = tool({"--describe", "--group", group, "--members", "--verbose"});
  ASSERT_EQ(r.exit_code, 0) << r;
  rows = table_rows(r.out);
  ASSERT_EQ(rows.size(), 2u) << r;
  EXPECT_EQ(rows[0].back(), "ASSIGNMENT");
  EXPECT_EQ(rows[1].back(), topic + "(0,1)");

  // As in Kafka, --verbose goes with every view; the others have nothing more to show.
  for (const char* view : {"--offsets", "--state"}) {
    auto plain = tool({"--describe", "--group", group, view});
    auto verbose = tool({"--describe", "--group", group, view, "--verbose"});
    ASSERT_EQ(verbose.exit_code, 0) << verbose;
    EXPECT_EQ(table_rows(verbose.out).at(0), table_rows(plain.out).at(0)) << verbose;
  }
  r = tool({"--describe", "--group", group, "--verbose"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(find_row(r.out, {group, topic, "1"}).at(3), "4") << r;
}

TEST_F(ConsumerGroupsTool, DescribeState) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  auto member = join(group, topic, "c1");

  auto r = tool({"--describe", "--group", group, "--state"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("GROUP"), std::string::npos);
  EXPECT_NE(r.out.find("COORDINATOR (ID)"), std::string::npos) << r;
  EXPECT_NE(r.out.find("ASSIGNMENT-STRATEGY"), std::string::npos) << r;
  EXPECT_NE(r.out.find(broker_.bootstrap() + " ("), std::string::npos) << r;
  auto row = find_row(r.out, {group});
  ASSERT_GE(row.size(), 5u) << r;
  EXPECT_EQ(row[row.size() - 2], "Stable");
  EXPECT_EQ(row.back(), "1");

  member->close();
  r = tool({"--describe", "--group", group, "--state"});
  ASSERT_EQ(r.exit_code, 0) << r;
  row = find_row(r.out, {group});
  ASSERT_GE(row.size(), 5u) << r;
  EXPECT_EQ(row[row.size() - 2], "Empty");
  EXPECT_EQ(row.back(), "0");
}

TEST_F(ConsumerGroupsTool, DescribeUnknownGroupFails) {
  auto r = tool({"--describe", "--group", unique("nobody")});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("Error: Consumer group '" + unique("nobody") + "' does not exist."), std::string::npos) << r;
  EXPECT_EQ(find_row(r.out, {"GROUP"}).size(), 0u) << r;
}

TEST_F(ConsumerGroupsTool, DescribeAllGroups) {
  std::string topic = unique("t"), a = unique("a"), b = unique("b");
  seed(topic, a);
  commit(b, {{{topic, 0}, 1}});
  auto r = tool({"--describe", "--all-groups"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(find_row(r.out, {a, topic, "1"}).at(3), "4") << r;
  EXPECT_EQ(find_row(r.out, {b, topic, "0"}).at(3), "1") << r;
}

// ---- --list -------------------------------------------------------------------------------------

TEST_F(ConsumerGroupsTool, ListGroupsAndStates) {
  std::string topic = unique("t"), idle = unique("idle"), busy = unique("busy");
  seed(topic, idle);
  auto member = join(busy, topic, "c1");

  auto r = tool({"--list"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find(idle + "\n"), std::string::npos) << r;
  EXPECT_NE(r.out.find(busy + "\n"), std::string::npos) << r;
  auto patient = tool({"--list", "--timeout", "9223372036854775807"});  // "wait as long as it takes"
  EXPECT_EQ(patient.exit_code, 0) << patient;
  EXPECT_EQ(patient.out, r.out);

  r = tool({"--list", "--state"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(table_rows(r.out).at(0), (std::vector<std::string>{"GROUP", "STATE"}));
  EXPECT_EQ(find_row(r.out, {idle}), (std::vector<std::string>{idle, "Empty"})) << r;
  EXPECT_EQ(find_row(r.out, {busy}), (std::vector<std::string>{busy, "Stable"})) << r;

  r = tool({"--list", "--state", "stable"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(find_row(r.out, {busy}).size(), 2u) << r;
  EXPECT_EQ(find_row(r.out, {idle}).size(), 0u) << r;

  r = tool({"--list", "--state", "Sleeping"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("Sleeping"), std::string::npos) << r;
}

// ---- --reset-offsets ----------------------------------------------------------------------------

TEST_F(ConsumerGroupsTool, ResetDryRunPrintsThePlanAndChangesNothing) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  for (auto mode : {std::vector<std::string>{}, std::vector<std::string>{"--dry-run"}}) {
    std::vector<std::string> args{"--reset-offsets", "--group", group, "--topic", topic, "--to-earliest"};
    args.insert(args.end(), mode.begin(), mode.end());
    auto r = tool(args);
    ASSERT_EQ(r.exit_code, 0) << r;
    auto rows = table_rows(r.out);
    ASSERT_EQ(rows.size(), 3u) << r;
    EXPECT_EQ(rows[0], (std::vector<std::string>{"GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{group, topic, "0", "0"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{group, topic, "1", "0"}));
    EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}, {{topic, 1}, 4}}));
  }
}

TEST_F(ConsumerGroupsTool, ResetExecuteToEarliestLatestAndOffset) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  admin_->delete_records({{{topic, 0}, 2}}).all();  // partition 0 now starts at 2

  auto r = tool({"--reset-offsets", "--group", group, "--all-topics", "--to-earliest", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(find_row(r.out, {group, topic, "0"}).at(3), "2") << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 2}, {{topic, 1}, 0}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-latest", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 5}, {{topic, 1}, 5}}));

  // --to-offset is kept within [earliest, latest] per partition.
  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-offset", "1", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 2}, {{topic, 1}, 1}}));
  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-offset", "99", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 5}, {{topic, 1}, 5}}));
}

TEST_F(ConsumerGroupsTool, ResetShiftByIsClamped) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);

  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--shift-by", "-1", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 2}, {{topic, 1}, 3}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--shift-by", "-10", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 0}, {{topic, 1}, 0}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--shift-by=+4", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 4}, {{topic, 1}, 4}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--shift-by", "3", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 5}, {{topic, 1}, 5}}));

  // committed + N past int64: held at the limit and clamped, not wrapped round to the earliest.
  commit(group, {{{topic, 0}, 3}, {{topic, 1}, 4}});
  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--shift-by", "9223372036854775807", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 5}, {{topic, 1}, 5}}));
}

TEST_F(ConsumerGroupsTool, ResetShiftByNeedsACommittedOffset) {
  std::string topic = unique("t"), group = unique("g");
  create_topic(topic, 2);
  produce(topic, 0, 3);
  commit(group, {{{topic, 0}, 1}});
  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--shift-by", "1", "--execute"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find(topic + "-1"), std::string::npos) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 1}}));
}

TEST_F(ConsumerGroupsTool, ResetToDatetime) {
  std::string topic = unique("t"), group = unique("g");
  create_topic(topic, 1);
  const int64_t base = 1704067200000;  // 2024-01-01T00:00:00Z
  produce(topic, 0, 5, base, 60000);   // one record a minute: offset i at 00:0i
  commit(group, {{{topic, 0}, 0}});

  auto reset_to = [&](const std::string& when) {
    auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-datetime", when, "--execute"});
    EXPECT_EQ(r.exit_code, 0) << r;
    return committed(group)[{topic, 0}];
  };
  EXPECT_EQ(reset_to("2024-01-01T00:02:00.000Z"), 2);
  EXPECT_EQ(reset_to("2024-01-01T00:01:30.000Z"), 2);      // the first record at or after the time
  EXPECT_EQ(reset_to("2024-01-01T01:03:00.000+01:00"), 3);  // 00:03 UTC
  EXPECT_EQ(reset_to("2024-01-01T00:01:00.000"), 1);        // no zone: UTC, as Kafka's tool
  EXPECT_EQ(reset_to("2023-12-31T23:00:00.000Z"), 0);
  EXPECT_EQ(reset_to("2024-02-01T00:00:00.000Z"), 5);  // later than every record: the latest offset
  EXPECT_EQ(reset_to("1969-07-20T20:17:00.000Z"), 0);  // before 1970 (a negative timestamp): the earliest
  EXPECT_EQ(reset_to("2024-02-01T00:00:00.000Z"), 5);
  auto by = tool({"--reset-offsets", "--group", group, "--topic", topic, "--by-duration", "P40000D", "--execute"});
  EXPECT_EQ(by.exit_code, 0) << by;  // further back than 1970, too
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 0}}));

  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-datetime", "2024-13-01T00:00:00.000"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("--to-datetime"), std::string::npos) << r;
}

TEST_F(ConsumerGroupsTool, ResetByDuration) {
  std::string topic = unique("t"), group = unique("g");
  create_topic(topic, 1);
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  const int64_t hour = 3600000;
  produce(topic, 0, 2, now - 5 * hour, 0);  // offsets 0, 1: five hours ago
  produce(topic, 0, 2, now - 1 * hour, 0);  // offsets 2, 3: an hour ago
  commit(group, {{{topic, 0}, 4}});

  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--by-duration", "PT2H", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 2}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--by-duration", "P1DT30M", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 0}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--by-duration", "2 hours"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("--by-duration"), std::string::npos) << r;
}

TEST_F(ConsumerGroupsTool, ResetSelectedPartitionsAndToCurrent) {
  std::string topic = unique("t"), group = unique("g");
  create_topic(topic, 3);
  for (int p = 0; p < 3; ++p) produce(topic, p, 5);
  commit(group, {{{topic, 0}, 3}, {{topic, 1}, 4}});

  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic + ":1", "--to-earliest", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(table_rows(r.out).size(), 2u) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}, {{topic, 1}, 0}}));

  // --to-current keeps committed offsets and gives partitions without one the latest offset.
  r = tool({"--reset-offsets", "--group", group, "--topic", topic + ":0,2", "--to-current", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}, {{topic, 1}, 0}, {{topic, 2}, 5}}));

  r = tool({"--reset-offsets", "--group", group, "--topic", topic + ":7", "--to-earliest"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find(topic + "-7"), std::string::npos) << r;

  r = tool({"--reset-offsets", "--group", group, "--topic", unique("missing"), "--to-earliest"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r;
}

TEST_F(ConsumerGroupsTool, ResetExportAndFromFile) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);

  auto r = tool({"--reset-offsets", "--group", group, "--all-topics", "--to-offset", "2", "--export"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, topic + ",0,2\n" + topic + ",1,2\n");
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}, {{topic, 1}, 4}}));

  auto file = broker_.data_dir().parent_path() / "reset.csv";
  std::ofstream(file) << topic << ",0,1\n" << topic << ",1,99\n";  // 99 is clamped to 5
  r = tool({"--reset-offsets", "--group", group, "--from-file", file.string(), "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 1}, {{topic, 1}, 5}}));

  // Several groups: the file has a group column.
  std::string other = unique("other");
  commit(other, {{{topic, 0}, 0}});
  r = tool({"--reset-offsets", "--group", group, "--group", other, "--all-topics", "--to-latest", "--export"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, group + "," + topic + ",0,5\n" + group + "," + topic + ",1,5\n" + other + "," + topic + ",0,5\n");
  std::ofstream(file) << r.out;
  r = tool({"--reset-offsets", "--group", group, "--group", other, "--from-file", file.string(), "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 5}, {{topic, 1}, 5}}));
  EXPECT_EQ(committed(other), (offsets{{{topic, 0}, 5}}));
}

TEST_F(ConsumerGroupsTool, ResetExecuteOnAnActiveGroupFails) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  auto member = join(group, topic, "c1");

  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute"});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("Assignments can only be reset if the group '" + group +
                       "' is inactive, but the current state is Stable."),
            std::string::npos)
      << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}, {{topic, 1}, 4}}));
}

TEST_F(ConsumerGroupsTool, ResetOfANewGroupCreatesItsOffsets) {
  std::string topic = unique("t"), group = unique("fresh");
  create_topic(topic, 1);
  produce(topic, 0, 3);
  auto r = tool({"--reset-offsets", "--group", group, "--topic", topic, "--to-latest", "--execute"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}}));
}

// ---- --delete and --delete-offsets --------------------------------------------------------------

TEST_F(ConsumerGroupsTool, DeleteGroups) {
  std::string topic = unique("t"), idle = unique("idle"), busy = unique("busy");
  seed(topic, idle);
  auto member = join(busy, topic, "c1");

  auto r = tool({"--delete", "--group", idle});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "Deletion of requested consumer groups ('" + idle + "') was successful.\n");
  EXPECT_TRUE(committed(idle).empty());
  r = tool({"--describe", "--group", idle});
  EXPECT_NE(r.exit_code, 0) << r;

  r = tool({"--delete", "--group", busy});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("* Group '" + busy + "' could not be deleted due to: NON_EMPTY_GROUP: The group is not empty"),
            std::string::npos)
      << r;

  r = tool({"--delete", "--group", unique("nobody")});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("GROUP_ID_NOT_FOUND"), std::string::npos) << r;
}

TEST_F(ConsumerGroupsTool, DeleteOffsets) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);

  auto r = tool({"--delete-offsets", "--group", group, "--topic", topic + ":0"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto rows = table_rows(r.out);
  EXPECT_EQ(find_row(r.out, {"TOPIC", "PARTITION", "STATUS"}).size(), 3u) << r;
  EXPECT_EQ(find_row(r.out, {topic, "0"}), (std::vector<std::string>{topic, "0", "Successful"})) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 1}, 4}}));

  r = tool({"--delete-offsets", "--group", group, "--topic", topic});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(committed(group).empty());

  r = tool({"--delete-offsets", "--group", unique("nobody"), "--topic", topic});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r;
}

TEST_F(ConsumerGroupsTool, DeleteOffsetsOfATopicTheMembersConsumeFails) {
  std::string topic = unique("t"), group = unique("g");
  seed(topic, group);
  auto member = join(group, topic, "c1");

  auto r = tool({"--delete-offsets", "--group", group, "--topic", topic + ":0"});
  EXPECT_NE(r.exit_code, 0) << r;
  auto row = find_row(r.out, {topic, "0"});
  ASSERT_GE(row.size(), 3u) << r;
  EXPECT_EQ(row[2], "Error:");
  EXPECT_NE(r.out.find("GROUP_SUBSCRIBED_TO_TOPIC"), std::string::npos) << r;
  EXPECT_EQ(committed(group), (offsets{{{topic, 0}, 3}, {{topic, 1}, 4}}));
}

TEST_F(ConsumerGroupsTool, TimeoutBoundsWaitingForAnUnreachableCluster) {
  auto started = std::chrono::steady_clock::now();
  auto r = run_gregor({"consumer-groups", "--bootstrap-server", "127.0.0.1:" + std::to_string(free_loopback_port()),
                       "--list", "--timeout", "700"},
                      {}, 30s);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("Error: "), std::string::npos) << r;
  EXPECT_LT(took, 4s) << r;
}

// ---- flag combinations --------------------------------------------------------------------------

TEST_F(ConsumerGroupsTool, InvalidFlagCombinationsFailClearly) {
  const std::vector<std::vector<std::string>> bad = {
      {},                                                                            // no action
      {"--list", "--describe", "--group", "g"},                                      // two actions
      {"--describe"},                                                                // no group
      {"--describe", "--group", "g", "--all-groups"},                                // both
      {"--describe", "--group", "g", "--members", "--state"},                        // two views
      {"--list", "--verbose"},                                                       // verbose without --describe
      {"--list", "--members"},                                                       // describe-only flag
      {"--delete"},                                                                  // no group
      {"--reset-offsets", "--group", "g", "--to-earliest"},                          // no scope
      {"--reset-offsets", "--group", "g", "--all-topics"},                           // no spec
      {"--reset-offsets", "--all-topics", "--to-earliest"},                          // no group
      {"--reset-offsets", "--group", "g", "--all-topics", "--to-earliest", "--to-latest"},
      {"--reset-offsets", "--group", "g", "--all-topics", "--to-earliest", "--execute", "--dry-run"},
      {"--reset-offsets", "--group", "g", "--all-topics", "--topic", "t", "--to-earliest"},
      {"--reset-offsets", "--group", "g", "--topic", "t:x", "--to-earliest"},
      {"--describe", "--group", "g", "--to-earliest"},                               // spec without reset
      {"--describe", "--group", "g", "--execute"},
      {"--delete-offsets", "--group", "g"},                                          // no topic
      {"--delete-offsets", "--all-groups", "--topic", "t"},
      {"--list", "--timeout", "0"},
  };
  for (const auto& args : bad) {
    auto r = tool(args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_NE(r.exit_code, 0) << joined << r;
    EXPECT_EQ(r.term_signal, 0) << joined << r;
    EXPECT_NE(r.err.find("Error"), std::string::npos) << joined << r;
    EXPECT_TRUE(r.out.empty()) << joined << r;
  }
}

}  // namespace
}  // namespace gregor::testing
