// `gregor console-producer` and `gregor console-consumer` run as subprocesses against a real
// broker: round trips of values, keys, headers and every compression codec; --partition/--offset,
// --include, groups and their commits, Ctrl-C, --timeout-ms, per-record send errors, bad flags.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "gregor/admin.h"
#include "gregor/producer.h"
#include "support/broker_process.h"
#include "tools/tool_test_support.h"

namespace gregor::testing {
namespace {

using namespace std::chrono_literals;

class ConsoleTest : public tool_test {
 protected:
  // No initial rebalance delay: every console-consumer run joins a group.
  static void SetUpTestSuite() { start_broker({{"group.initial.rebalance.delay.ms", "0"}}); }
  static void TearDownTestSuite() { stop_broker(); }

  static tool_result produce(const std::string& topic, const std::string& input, args extra = {}) {
    args a = {"--topic", topic, "--timeout", "10"};
    a.insert(a.end(), extra.begin(), extra.end());
    return run_tool("console-producer", a, input);
  }

  static tool_result consume(args extra) { return run_tool("console-consumer", extra); }

  static std::map<topic_partition, offset_and_metadata> committed(const std::string& group) {
    return admin().list_consumer_group_offsets(group).get();
  }
};

std::string numbered_lines(const std::string& prefix, int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) out += prefix + std::to_string(i) + "\n";
  return out;
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST_F(ConsoleTest, ProducedLinesAreConsumedInOrder) {
  std::string topic = unique("lines");
  create_topic(topic);
  std::string input = numbered_lines("message ", 0, 10);
  auto p = produce(topic, input);
  ASSERT_EQ(p.exit_code, 0) << p;
  EXPECT_EQ(p.out, "");  // no ">" prompt when stdin is not a terminal
  EXPECT_EQ(p.err, "");

  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "10"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, input);
  EXPECT_NE(c.err.find("Processed a total of 10 messages"), std::string::npos) << c;
}

TEST_F(ConsoleTest, LastLineWithoutNewlineEmptyLinesAndCrlf) {
  std::string topic = unique("edges");
  create_topic(topic);
  auto p = produce(topic, "one\r\n\nthree");
  ASSERT_EQ(p.exit_code, 0) << p;
  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "3", "--isolation-level",
                    "read_committed"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "one\n\nthree\n");
}

TEST_F(ConsoleTest, KeysRoundTrip) {
  std::string topic = unique("keys");
  create_topic(topic);
  auto p = produce(topic, "k1:v1\nk2:v:2\n", {"--property", "parse.key=true", "--property", "key.separator=:"});
  ASSERT_EQ(p.exit_code, 0) << p;
  // ignore.error: a line without the separator becomes a value with a null key.
  p = produce(topic, "no separator here\n",
              {"--property", "parse.key=true", "--property", "ignore.error=true", "--sync"});
  ASSERT_EQ(p.exit_code, 0) << p;

  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "3", "--property", "print.key=true",
                    "--property", "key.separator= => "});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "k1 => v1\nk2 => v:2\nnull => no separator here\n");

  // Keys only (print.value=false) still end each record with the line separator.
  c = consume({"--topic", topic, "--from-beginning", "--max-messages", "2", "--property", "print.key=true",
               "--property", "print.value=false"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "k1\nk2\n");
}

TEST_F(ConsoleTest, ConfigFilesKeepSeparatorWhitespace) {
  // As java.util.Properties reads them: "\t" is a tab and a value keeps its trailing spaces, so
  // separators written in --reader-config / --formatter-config files work as typed.
  std::string topic = unique("config-files");
  create_topic(topic);
  auto dir = broker().data_dir().parent_path();
  auto reader = dir / (topic + "-reader.properties");
  auto formatter = dir / (topic + "-formatter.properties");
  std::ofstream(reader) << "parse.key=true \nkey.separator=\\t\n";
  std::ofstream(formatter) << "print.key=true\nkey.separator= | \n";

  auto p = produce(topic, "k1\tv1\nk2\tv2\n", {"--reader-config", reader.string()});
  ASSERT_EQ(p.exit_code, 0) << p;
  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "2", "--formatter-config",
                    formatter.string()});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "k1| v1\nk2| v2\n");
}

TEST_F(ConsoleTest, MissingKeySeparatorStopsTheProducer) {
  std::string topic = unique("nokey");
  create_topic(topic);
  auto p = produce(topic, "a\tb\nno tab\nc\td\n", {"--property", "parse.key=true"});
  EXPECT_EQ(p.exit_code, 1) << p;
  EXPECT_NE(p.err.find("No key separator found on line number 2: 'no tab'"), std::string::npos) << p;
  // What came before the bad line was still sent.
  auto c = consume({"--topic", topic, "--from-beginning", "--timeout-ms", "2000", "--property", "print.key=true"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "a\tb\n");
}

TEST_F(ConsoleTest, HeadersAndNullMarkerRoundTrip) {
  std::string topic = unique("headers");
  create_topic(topic);
  std::string input =
      "h1:v1,h2:v2\tk1\tvalue1\n"
      "NIL\tk2\tvalue2\n"
      "h3:NIL\tNIL\tNIL\n";
  auto p = produce(topic, input,
                   {"--property", "parse.headers=true", "--property", "parse.key=true", "--property", "null.marker=NIL"});
  ASSERT_EQ(p.exit_code, 0) << p;

  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "3", "--property", "print.timestamp=true",
                    "--property", "print.partition=true", "--property", "print.offset=true", "--property",
                    "print.headers=true", "--property", "print.key=true", "--property", "headers.separator=|",
                    "--property", "null.literal=<null>"});
  ASSERT_EQ(c.exit_code, 0) << c;
  std::regex expected(
      "CreateTime:[0-9]{13}\tPartition:0\tOffset:0\th1:v1\\|h2:v2\tk1\tvalue1\n"
      "CreateTime:[0-9]{13}\tPartition:0\tOffset:1\tNO_HEADERS\tk2\tvalue2\n"
      "CreateTime:[0-9]{13}\tPartition:0\tOffset:2\th3:<null>\t<null>\t<null>\n");
  EXPECT_TRUE(std::regex_match(c.out, expected)) << c;
}

// The compression codec of the first batch of partition 0, read from the segment file (the low
// three bits of the batch attributes, 21 bytes into the batch).
int first_batch_codec(const std::filesystem::path& data_dir, const std::string& topic) {
  std::ifstream in(data_dir / (topic + "-0") / "00000000000000000000.log", std::ios::binary);
  char header[23];
  if (!in.read(header, sizeof header)) return -1;
  return static_cast<unsigned char>(header[22]) & 0x07;
}

TEST_F(ConsoleTest, EveryCompressionCodecRoundTrips) {
  const std::vector<std::pair<std::string, int>> codecs = {
      {"none", 0}, {"gzip", 1}, {"snappy", 2}, {"lz4", 3}, {"zstd", 4}};
  for (const auto& [codec, id] : codecs) {
    SCOPED_TRACE(codec);
    std::string topic = unique("codec-" + codec);
    create_topic(topic);
    std::string input = numbered_lines("compressible record compressible record ", 0, 20);
    auto p = produce(topic, input, {"--compression-codec", codec});
    ASSERT_EQ(p.exit_code, 0) << p;
    EXPECT_EQ(first_batch_codec(broker().data_dir(), topic), id);
    auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "20"});
    ASSERT_EQ(c.exit_code, 0) << c;
    EXPECT_EQ(c.out, input);
  }
  // The flag without a value means gzip, as in Kafka.
  std::string topic = unique("codec-default");
  create_topic(topic);
  auto p = run_gregor({"console-producer", "--bootstrap-server", bootstrap(), "--compression-codec", "--topic", topic},
                      "x\ny\n");
  ASSERT_EQ(p.exit_code, 0) << p;
  EXPECT_EQ(first_batch_codec(broker().data_dir(), topic), 1);
}

TEST_F(ConsoleTest, PartitionAndOffset) {
  std::string topic = unique("assign");
  create_topic(topic, 2);
  {
    kafka_producer producer({{"bootstrap_servers", bootstrap()}});
    for (int i = 0; i < 5; ++i) {
      producer.send(topic, "p0-" + std::to_string(i), std::nullopt, 0);
      producer.send(topic, "p1-" + std::to_string(i), std::nullopt, 1);
    }
    producer.flush();
  }
  auto c = consume({"--topic", topic, "--partition", "1", "--offset", "2", "--max-messages", "3"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "p1-2\np1-3\np1-4\n");

  c = consume({"--topic", topic, "--partition", "0", "--offset", "earliest", "--max-messages", "2", "--property",
               "print.offset=true"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "Offset:0\tp0-0\nOffset:1\tp0-1\n");

  c = consume({"--topic", topic, "--partition", "0", "--from-beginning", "--max-messages", "1"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "p0-0\n");

  // Without --offset a partition is read from its end: only records written after the start.
  tool_process latest({"console-consumer", "--bootstrap-server", bootstrap(), "--topic", topic, "--partition", "0"});
  kafka_producer producer({{"bootstrap_servers", bootstrap()}});
  for (int i = 0; i < 40 && latest.stdout_so_far().empty(); ++i) {
    producer.send(topic, "new-" + std::to_string(i), std::nullopt, 0).get();
    latest.wait_for_stdout("new-", 500ms);
  }
  latest.signal(SIGINT);
  auto r = latest.wait(20s);
  ASSERT_EQ(r.exit_code, 0) << r;
  ASSERT_FALSE(r.out.empty()) << r;
  EXPECT_EQ(r.out.find("p0-"), std::string::npos) << r;
  EXPECT_EQ(r.out.rfind("new-", 0), 0u) << r;
}

TEST_F(ConsoleTest, IncludeRegexReadsMatchingTopics) {
  std::string suffix = unique("inc");
  std::string a = "alpha-" + suffix, b = "beta-" + suffix, other = "gamma-" + suffix;
  for (const auto& t : {a, b, other}) {
    create_topic(t);
    ASSERT_EQ(produce(t, t + "-0\n" + t + "-1\n").exit_code, 0);
  }
  std::vector<std::string> expected = {a + "-0", a + "-1", b + "-0", b + "-1"};

  auto c = consume({"--include", "(alpha|beta)-" + suffix, "--from-beginning", "--timeout-ms", "3000"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(sorted_lines(c.out), expected) << c;
  EXPECT_NE(c.err.find("Processed a total of 4 messages"), std::string::npos) << c;

  // Kafka's list form under the old flag name: commas separate alternatives.
  c = consume({"--whitelist", a + ", " + b, "--from-beginning", "--max-messages", "4"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(sorted_lines(c.out), expected) << c;
}

TEST_F(ConsoleTest, GroupCommitsWhatItPrinted) {
  std::string topic = unique("group");
  std::string group = unique("console-group");
  create_topic(topic);
  ASSERT_EQ(produce(topic, numbered_lines("r", 0, 5)).exit_code, 0);

  // Stopping after 3 of 5 commits 3: nothing taken beyond --max-messages is lost.
  auto c = consume({"--topic", topic, "--group", group, "--from-beginning", "--max-messages", "3"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, numbered_lines("r", 0, 3));
  EXPECT_EQ(committed(group).at({topic, 0}).offset, 3);

  ASSERT_EQ(produce(topic, numbered_lines("r", 5, 8)).exit_code, 0);
  c = consume({"--topic", topic, "--group", group, "--from-beginning", "--max-messages", "5"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, numbered_lines("r", 3, 8));
  EXPECT_EQ(committed(group).at({topic, 0}).offset, 8);

  // Without --group nothing is committed: every run starts from the beginning again.
  for (int run = 0; run < 2; ++run) {
    c = consume({"--topic", topic, "--from-beginning", "--max-messages", "8"});
    ASSERT_EQ(c.exit_code, 0) << c;
    EXPECT_EQ(c.out, numbered_lines("r", 0, 8));
  }
}

TEST_F(ConsoleTest, GroupFlagMustAgreeWithGroupIdProperty) {
  auto c = consume({"--topic", "t", "--group", "a", "--consumer-property", "group.id=b"});
  EXPECT_EQ(c.exit_code, 1) << c;
  EXPECT_NE(c.err.find("conflicts with group.id=b"), std::string::npos) << c;
}

TEST_F(ConsoleTest, SigintCommitsAndPrintsTheTotal) {
  std::string topic = unique("sigint");
  std::string group = unique("sigint-group");
  create_topic(topic);
  ASSERT_EQ(produce(topic, numbered_lines("s", 0, 4)).exit_code, 0);

  tool_process consumer(
      {"console-consumer", "--bootstrap-server", bootstrap(), "--topic", topic, "--group", group, "--from-beginning"});
  ASSERT_TRUE(consumer.wait_for_stdout_lines(4, 30s)) << consumer.stderr_so_far();
  consumer.signal(SIGINT);
  auto r = consumer.wait(20s);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, numbered_lines("s", 0, 4));
  EXPECT_NE(r.err.find("Processed a total of 4 messages"), std::string::npos) << r;
  EXPECT_EQ(committed(group).at({topic, 0}).offset, 4);

  // SIGTERM too.
  tool_process idle({"console-consumer", "--bootstrap-server", bootstrap(), "--topic", topic, "--group", group});
  std::this_thread::sleep_for(500ms);
  idle.signal(SIGTERM);
  r = idle.wait(20s);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("Processed a total of 0 messages"), std::string::npos) << r;
}

TEST_F(ConsoleTest, PipeIntoHeadEndsTheConsumerOnAQuietTopic) {
  // `| head -1` exits after the first line while the topic stays quiet: no later write fails, so
  // the consumer must notice the closed pipe by itself.
  std::string topic = unique("head");
  create_topic(topic);
  ASSERT_EQ(produce(topic, "first\nsecond\nthird\n").exit_code, 0);
  std::string script = "timeout 30 " + gregor_binary() + " console-consumer --bootstrap-server " + bootstrap() +
                       " --topic " + topic + " --from-beginning 2>/dev/null | head -1; exit ${PIPESTATUS[0]}";
  auto started = std::chrono::steady_clock::now();
  FILE* pipeline = ::popen(("bash -c '" + script + "'").c_str(), "r");
  ASSERT_NE(pipeline, nullptr);
  std::string out;
  char buffer[256];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipeline)) out.append(buffer, n);
  int status = ::pclose(pipeline);
  EXPECT_EQ(out, "first\n");
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "124: still running when `timeout` ended it";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
}

TEST_F(ConsoleTest, TimeoutMsEndsAnIdleConsumer) {
  std::string topic = unique("idle");
  create_topic(topic);
  auto started = std::chrono::steady_clock::now();
  auto c = consume({"--topic", topic, "--timeout-ms", "1000"});
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "");
  EXPECT_NE(c.err.find("No message received for 1000 ms"), std::string::npos) << c;
  EXPECT_NE(c.err.find("Processed a total of 0 messages"), std::string::npos) << c;
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, 15s);
}

TEST_F(ConsoleTest, SyncDoesNotLingerPerRecord) {
  // --timeout's default (1000 ms linger) is for asynchronous sending: with --sync it would hold
  // each of these lines back for a second.
  std::string topic = unique("sync");
  create_topic(topic);
  auto started = std::chrono::steady_clock::now();
  auto p = run_tool("console-producer", {"--topic", topic, "--sync"}, numbered_lines("line ", 0, 6));
  ASSERT_EQ(p.exit_code, 0) << p;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "6"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, numbered_lines("line ", 0, 6));
}

TEST_F(ConsoleTest, RecordTooLargeIsReportedAndTheOthersAreDelivered) {
  std::string topic = unique("too-large");
  create_topic(topic, 1, {{"max.message.bytes", "1000"}});
  std::string big(2000, 'x');
  auto p = produce(topic, "first\n" + big + "\nlast\n", {"--sync"});
  EXPECT_EQ(p.exit_code, 1) << p;
  EXPECT_NE(p.err.find("Error when sending message to topic " + topic +
                       " with key: null, value: 2000 bytes with error: MESSAGE_TOO_LARGE"),
            std::string::npos)
      << p;
  EXPECT_NE(p.err.find("1 of 3 records could not be sent"), std::string::npos) << p;
  EXPECT_EQ(count_of(p.err, "Error when sending"), 1) << p;

  // Asynchronously too: a record larger than --batch-size travels in a batch of its own. One
  // request in flight: with more, the client fails the batch sent behind the rejected one with
  // OUT_OF_ORDER_SEQUENCE_NUMBER instead of resending it (a client library gap).
  std::string big_topic = unique("too-large-async");
  create_topic(big_topic, 1, {{"max.message.bytes", "20000"}});
  p = produce(big_topic, "a\nb\n" + std::string(30000, 'y') + "\nc\n",
              {"--batch-size", "16384", "--producer-property", "max.in.flight.requests.per.connection=1"});
  EXPECT_EQ(p.exit_code, 1) << p;
  EXPECT_NE(p.err.find("value: 30000 bytes with error: MESSAGE_TOO_LARGE"), std::string::npos) << p;
  EXPECT_EQ(count_of(p.err, "Error when sending"), 1) << p;

  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "2"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "first\nlast\n");
  c = consume({"--topic", big_topic, "--from-beginning", "--max-messages", "3"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "a\nb\nc\n");
}

TEST_F(ConsoleTest, ProducerFlushesOnSigint) {
  std::string topic = unique("producer-sigint");
  create_topic(topic);
  // A linger far longer than the test: only the flush on exit can send these.
  tool_process producer(
      {"console-producer", "--bootstrap-server", bootstrap(), "--topic", topic, "--timeout", "600000"});
  producer.write_stdin("one\ntwo\nthree\n");
  std::this_thread::sleep_for(1s);  // let it read the lines
  producer.signal(SIGINT);
  auto r = producer.wait(20s);
  EXPECT_EQ(r.exit_code, 0) << r;
  auto c = consume({"--topic", topic, "--from-beginning", "--max-messages", "3"});
  ASSERT_EQ(c.exit_code, 0) << c;
  EXPECT_EQ(c.out, "one\ntwo\nthree\n");
}

TEST(ConsoleStandalone, UnknownTopicFailsAfterMaxBlock) {
  broker_process broker(std::map<std::string, std::string>{{"auto.create.topics.enable", "false"}});
  ASSERT_TRUE(broker.start());
  auto p = run_gregor({"console-producer", "--bootstrap-server", broker.bootstrap(), "--topic", "missing",
                       "--max-block-ms", "500"},
                      "hello\n", 30s);
  EXPECT_EQ(p.exit_code, 1) << p;
  EXPECT_NE(p.err.find("Error when sending message to topic missing with key: null, value: 5 bytes with error:"),
            std::string::npos)
      << p;
  EXPECT_NE(p.err.find("not present in metadata"), std::string::npos) << p;

  auto c = run_gregor({"console-consumer", "--bootstrap-server", broker.bootstrap(), "--topic", "missing",
                       "--partition", "0"},
                      {}, 30s);
  EXPECT_EQ(c.exit_code, 1) << c;
  EXPECT_NE(c.err.find("topic missing does not exist"), std::string::npos) << c;
}

TEST(ConsoleStandalone, SigintStopsASendWaitingForMetadata) {
  // The topic never appears: send() waits up to max.block.ms (60 s by default) for it. One Ctrl-C
  // ends the tool at once, reporting the record it could not send.
  broker_process broker(std::map<std::string, std::string>{{"auto.create.topics.enable", "false"}});
  ASSERT_TRUE(broker.start());
  tool_process producer({"console-producer", "--bootstrap-server", broker.bootstrap(), "--topic", "missing"});
  producer.write_stdin("hello\n");
  std::this_thread::sleep_for(1s);  // let it read the line and block in send()
  auto started = std::chrono::steady_clock::now();
  producer.signal(SIGINT);
  auto r = producer.wait(30s);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << r;
  EXPECT_FALSE(r.timed_out) << r;
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("Error when sending message to topic missing with key: null, value: 5 bytes"),
            std::string::npos)
      << r;
  EXPECT_NE(r.err.find("1 of 1 records could not be sent"), std::string::npos) << r;
}

TEST(ConsoleStandalone, BadFlagsExitNonZero) {
  const std::string b = "127.0.0.1:1";
  const std::vector<std::pair<args, std::string>> cases = {
      {{"console-producer", "--bootstrap-server", b}, "--topic is required"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "t", "--compression-codec", "brotli"}, "brotli"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "t", "--request-required-acks", "2"}, "2"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "t", "--property", "parse.kee=true"},
       "unknown --property 'parse.kee'"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "t", "--property", "parse.key=yes"},
       "expected true or false"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "t", "--producer-property", "linger.ms"},
       "expected key=value"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "t", "--producer-property", "no.such.setting=1"},
       "no_such_setting"},
      {{"console-producer", "--bootstrap-server", b, "--topic", "bad topic!"}, "invalid --topic: topic name"},
      {{"console-consumer", "--bootstrap-server", b}, "exactly one of --topic and --include"},
      // Without the check the consumer would wait forever for a topic that cannot exist.
      {{"console-consumer", "--bootstrap-server", b, "--topic", ".."}, "invalid --topic: topic name"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--include", "x"}, "exactly one of"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--offset", "5"}, "--offset needs --partition"},
      {{"console-consumer", "--bootstrap-server", b, "--include", "t", "--partition", "0"},
       "--partition needs --topic"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--partition", "0", "--offset", "-3"},
       "invalid --offset '-3'"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--partition", "0", "--offset", "2",
        "--from-beginning"},
       "cannot be used together"},
      {{"console-consumer", "--bootstrap-server", b, "--include", "("}, "invalid --include"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--formatter", "kafka.tools.LoggingMessageFormatter"},
       "unsupported --formatter"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--property", "print.keys=true"},
       "unknown --property 'print.keys'"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--isolation-level", "dirty"}, "dirty"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--from-beginning", "--consumer-property",
        "auto.offset.reset=latest"},
       "--from-beginning conflicts with auto.offset.reset=latest"},
      {{"console-consumer", "--bootstrap-server", b, "--topic", "t", "--max-messages", "many"}, "many"},
  };
  for (const auto& [a, message] : cases) {
    auto r = run_gregor(a, {}, 20s);
    EXPECT_NE(r.exit_code, 0) << r;
    EXPECT_NE(r.err.find(message), std::string::npos) << "expected '" << message << "' in: " << r;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n') <= 2, true) << r;
  }
}

}  // namespace
}  // namespace gregor::testing
