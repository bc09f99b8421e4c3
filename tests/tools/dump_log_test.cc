// `gregor dump-log` on segment files the broker wrote for records produced by kafka-python (one
// plain batch with keys and headers, one record without a key, one gzip batch), after the broker
// stopped so every file is sealed: batch and record lines, .index and .timeindex entries checked
// against the log, --verify-index-only and --index-sanity-check on good and tampered indexes, a
// copy with a broken CRC, a torn copy, --offsets-decoder on __consumer_offsets, and the errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/byte_order.h"
#include "gregor/admin.h"
#include "interop/interop_support.h"
#include "protocol/records/control_record.h"
#include "support/broker_process.h"
#include "tools/tool_process.h"

namespace gregor::testing {
namespace {

namespace fs = std::filesystem;

constexpr int64_t base_time = 1700000000000;
const std::string segment_name = "00000000000000000000";

// Produces the three batches with kafka-python: offsets 0-2 (keys k0..k2, headers h1 and h2),
// offset 3 (no key), offsets 4-6 (gzip; values long enough that kafka-python keeps them compressed).
constexpr const char* produce_script = R"(
import sys
from kafka import KafkaProducer
bootstrap, topic, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
plain = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=1000)
for i in range(3):
    plain.send(topic, key=b'k%d' % i, value=b'value-%d' % i, partition=0, timestamp_ms=base + i,
               headers=[('h1', b'a'), ('h2', b'b')])
plain.flush()
plain.send(topic, value=b'no-key', partition=0, timestamp_ms=base + 3)
plain.flush()
gzip = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=1000, compression_type='gzip')
for i in range(3):
    gzip.send(topic, key=b'g%d' % i, value=b'gzipped-%d-' % i + b'z' * 200, partition=0, timestamp_ms=base + 10 + i)
gzip.flush()
)";

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(text))
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

// The value after "name: " in a dump line (up to the next space).
std::string field(const std::string& line, const std::string& name) {
  std::string label = name + ": ";
  size_t start;
  if (line.rfind(label, 0) == 0) {
    start = label.size();
  } else {
    auto at = line.find(" " + label);
    if (at == std::string::npos) return "<no " + name + ">";
    start = at + 1 + label.size();
  }
  return line.substr(start, line.find(' ', start) - start);
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

class ToolsDumpLog : public ::testing::Test {
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
    interop::require_kafka_python();
    broker_ = new broker_process();
    ASSERT_TRUE(broker_->start());
    topic_ = "dump-" + std::to_string(::getpid());
    group_ = "dump-group-" + std::to_string(::getpid());
    {
      kafka_admin_client admin({{"bootstrap_servers", broker_->bootstrap()}});
      // An index entry for every append after the first, so both indexes have entries to check.
      admin
          .create_topics({{.name = topic_,
                           .num_partitions = 1,
                           .replication_factor = 1,
                           .configs = {{"index.interval.bytes", "1"}}}})
          .all();
      std::string command = std::string(interop::python) + " -c " + interop::shell_quote(produce_script) + " " +
                            broker_->bootstrap() + " " + topic_ + " " + std::to_string(base_time);
      auto produced = interop::run(command, 60);
      ASSERT_EQ(produced.exit_code, 0) << produced.output;
      admin.alter_consumer_group_offsets(group_, {{{topic_, 0}, offset_and_metadata{.offset = 2, .metadata = "meta"}}})
          .all();
    }
    ASSERT_EQ(broker_->stop(), 0);  // a clean shutdown seals the segments (indexes trimmed)
    segment_dir_ = new fs::path(broker_->data_dir() / (topic_ + "-0"));
    scratch_ = new fs::path(fs::temp_directory_path() / ("gregor-dump-log-test-" + std::to_string(::getpid())));
    fs::create_directories(*scratch_);
  }
  static void TearDownTestSuite() {
    if (scratch_) fs::remove_all(*scratch_);
    delete scratch_;
    delete segment_dir_;
    delete broker_;
  }

  static std::string file(const std::string& suffix) { return (*segment_dir_ / (segment_name + suffix)).string(); }

  // A copy of the segment's three files in a fresh directory, for tampering.
  static fs::path copy_segment(const std::string& name) {
    fs::path dir = *scratch_ / name;
    fs::create_directories(dir);
    for (const char* suffix : {".log", ".index", ".timeindex"})
      fs::copy_file(file(suffix), dir / (segment_name + suffix), fs::copy_options::overwrite_existing);
    return dir;
  }

  static tool_result dump(std::vector<std::string> args) {
    args.insert(args.begin(), "dump-log");
    return run_gregor(args);
  }

  static inline broker_process* broker_ = nullptr;
  static inline std::string topic_;
  static inline std::string group_;
  static inline fs::path* segment_dir_ = nullptr;
  static inline fs::path* scratch_ = nullptr;
};

TEST_F(ToolsDumpLog, BatchLines) {
  auto r = dump({"--files", file(".log")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.err, "") << r;
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 2u) << r;
  EXPECT_EQ(lines[0], "Dumping " + file(".log"));
  EXPECT_EQ(lines[1], "Log starting offset: 0");
  auto batches = lines_starting(r.out, "baseOffset: ");
  ASSERT_EQ(batches.size(), 3u) << r;
  EXPECT_EQ(lines.size(), 5u) << "no record lines without deep iteration\n" << r;

  struct expected {
    const char* base;
    const char* last;
    const char* count;
    const char* max_timestamp;
    const char* codec;
  };
  std::vector<expected> wanted = {{"0", "2", "3", "1700000000002", "none"},
                                  {"3", "3", "1", "1700000000003", "none"},
                                  {"4", "6", "3", "1700000000012", "gzip"}};
  int64_t position = 0;
  for (size_t i = 0; i < batches.size(); ++i) {
    const auto& line = batches[i];
    EXPECT_EQ(field(line, "baseOffset"), wanted[i].base) << line;
    EXPECT_EQ(field(line, "lastOffset"), wanted[i].last) << line;
    EXPECT_EQ(field(line, "count"), wanted[i].count) << line;
    EXPECT_EQ(field(line, "CreateTime"), wanted[i].max_timestamp) << line;
    EXPECT_EQ(field(line, "compresscodec"), wanted[i].codec) << line;
    EXPECT_EQ(field(line, "isvalid"), "true") << line;
    EXPECT_EQ(field(line, "magic"), "2") << line;
    EXPECT_EQ(field(line, "isTransactional"), "false") << line;
    EXPECT_EQ(field(line, "isControl"), "false") << line;
    EXPECT_EQ(field(line, "deleteHorizonMs"), "OptionalLong.empty") << line;
    // kafka-python 2.0 is not an idempotent producer: no producer id, no sequences.
    EXPECT_EQ(field(line, "producerId"), "-1") << line;
    EXPECT_EQ(field(line, "baseSequence"), "-1") << line;
    EXPECT_EQ(field(line, "lastSequence"), "-1") << line;
    // Batches follow each other: each position is the previous position plus its size.
    EXPECT_EQ(field(line, "position"), std::to_string(position)) << line;
    position += std::stoll(field(line, "size"));
  }
  EXPECT_EQ(position, static_cast<int64_t>(fs::file_size(file(".log"))));
}

TEST_F(ToolsDumpLog, RecordLinesWithPrintDataLog) {
  auto r = dump({"--files", file(".log"), "--print-data-log"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto records = lines_starting(r.out, "| ");
  std::vector<std::string> wanted = {
      "| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 7 sequence: -1 headerKeys: [h1,h2] key: k0 payload: "
      "value-0",
      "| offset: 1 CreateTime: 1700000000001 keySize: 2 valueSize: 7 sequence: -1 headerKeys: [h1,h2] key: k1 payload: "
      "value-1",
      "| offset: 2 CreateTime: 1700000000002 keySize: 2 valueSize: 7 sequence: -1 headerKeys: [h1,h2] key: k2 payload: "
      "value-2",
      "| offset: 3 CreateTime: 1700000000003 keySize: -1 valueSize: 6 sequence: -1 headerKeys: [] payload: no-key",
  };
  for (int i = 0; i < 3; ++i) {
    wanted.push_back("| offset: " + std::to_string(4 + i) + " CreateTime: " + std::to_string(base_time + 10 + i) +
                     " keySize: 2 valueSize: 210 sequence: -1 headerKeys: [] key: g" + std::to_string(i) +
                     " payload: gzipped-" + std::to_string(i) + "-" + std::string(200, 'z'));
  }
  EXPECT_EQ(records, wanted) << r;

  // Deep iteration alone: the same record lines without key and payload.
  auto deep = dump({"--files", file(".log"), "--deep-iteration"});
  ASSERT_EQ(deep.exit_code, 0) << deep;
  auto deep_records = lines_starting(deep.out, "| ");
  ASSERT_EQ(deep_records.size(), 7u) << deep;
  EXPECT_EQ(deep_records[0],
            "| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 7 sequence: -1 headerKeys: [h1,h2]");

  // Without the record metadata: only key and payload.
  auto bare = dump({"--files", file(".log"), "--print-data-log", "--skip-record-metadata"});
  ASSERT_EQ(bare.exit_code, 0) << bare;
  auto bare_records = lines_starting(bare.out, "| ");
  ASSERT_EQ(bare_records.size(), 7u) << bare;
  EXPECT_EQ(bare_records[0], "| key: k0 payload: value-0");
  EXPECT_EQ(bare_records[3], "| payload: no-key");
}

TEST_F(ToolsDumpLog, IndexEntriesPointAtTheirBatches) {
  auto log = dump({"--files", file(".log")});
  ASSERT_EQ(log.exit_code, 0) << log;
  auto batches = lines_starting(log.out, "baseOffset: ");
  ASSERT_EQ(batches.size(), 3u) << log;

  auto r = dump({"--files", file(".index") + "," + file(".timeindex")});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.err, "") << r;
  // One entry per append after the first (index.interval.bytes=1): the offset-index entry holds
  // the batch's last offset and position; the time-index entry the largest timestamp so far.
  std::vector<std::string> wanted = {
      "Dumping " + file(".index"),
      "offset: 3 position: " + field(batches[1], "position"),
      "offset: 6 position: " + field(batches[2], "position"),
      "Dumping " + file(".timeindex"),
      "timestamp: 1700000000003 offset: 3",
      "timestamp: 1700000000012 offset: 6",
  };
  EXPECT_EQ(lines_of(r.out), wanted) << r;

  // An indexed batch larger than --max-message-size cannot be checked: one line, exit code 1.
  auto small = dump({"--files", file(".index"), "--max-message-size", "20"});
  EXPECT_EQ(small.exit_code, 1) << small;
  EXPECT_EQ(small.err, "Error: the batch at position " + field(batches[1], "position") + " of " + file(".log") + " (" +
                           field(batches[1], "size") + " bytes) is larger than --max-message-size (20)\n")
      << small;
}

TEST_F(ToolsDumpLog, VerifyIndexOnly) {
  auto good = dump({"--files", file(".index") + "," + file(".timeindex"), "--verify-index-only"});
  ASSERT_EQ(good.exit_code, 0) << good;
  EXPECT_EQ(lines_of(good.out),
            (std::vector<std::string>{"Dumping " + file(".index"), "Dumping " + file(".timeindex")}));
  EXPECT_EQ(good.err, "") << good;

  // The first offset-index entry now claims offset 2 at the position of the batch ending at 3,
  // and the last time-index entry a timestamp its batch does not have.
  fs::path dir = copy_segment("tampered");
  std::string index = read_bytes(dir / (segment_name + ".index"));
  ASSERT_EQ(index.size(), 16u);
  store_be<int32_t>(reinterpret_cast<uint8_t*>(index.data()), 2);
  write_bytes(dir / (segment_name + ".index"), index);
  std::string time_index = read_bytes(dir / (segment_name + ".timeindex"));
  ASSERT_EQ(time_index.size(), 24u);
  store_be<int64_t>(reinterpret_cast<uint8_t*>(time_index.data() + 12), base_time + 99);
  write_bytes(dir / (segment_name + ".timeindex"), time_index);

  std::string tampered_index = (dir / (segment_name + ".index")).string();
  std::string tampered_time = (dir / (segment_name + ".timeindex")).string();
  auto bad = dump({"--files", tampered_index + "," + tampered_time, "--verify-index-only"});
  ASSERT_EQ(bad.exit_code, 0) << bad;
  EXPECT_EQ(lines_of(bad.out), (std::vector<std::string>{"Dumping " + tampered_index, "Dumping " + tampered_time}));
  EXPECT_EQ(bad.err, "Mismatches in :" + fs::absolute(tampered_index).string() +
                         "\n"
                         "  Index offset: 2, log offset: 3\n"
                         "Found timestamp mismatch in :" +
                         fs::absolute(tampered_time).string() +
                         "\n"
                         "  Index timestamp: 1700000000099, log timestamp: 1700000000012\n")
      << bad;
}

TEST_F(ToolsDumpLog, IndexSanityCheck) {
  auto good = dump({"--files", file(".index") + "," + file(".timeindex"), "--index-sanity-check"});
  ASSERT_EQ(good.exit_code, 0) << good;
  EXPECT_EQ(lines_of(good.out),
            (std::vector<std::string>{"Dumping " + file(".index"), file(".index") + " passed sanity check.",
                                      "Dumping " + file(".timeindex"), file(".timeindex") + " passed sanity check."}));

  // A second entry whose offset goes backwards: the broker would drop it on load.
  fs::path dir = copy_segment("insane");
  std::string index = read_bytes(dir / (segment_name + ".index"));
  store_be<int32_t>(reinterpret_cast<uint8_t*>(index.data() + 8), 1);
  write_bytes(dir / (segment_name + ".index"), index);
  std::string path = (dir / (segment_name + ".index")).string();
  auto bad = dump({"--files", path, "--index-sanity-check"});
  EXPECT_EQ(bad.exit_code, 1) << bad;
  EXPECT_EQ(
      lines_of(bad.out),
      (std::vector<std::string>{
          "Dumping " + path, path + " failed sanity check: entry 1 (offset 1 position " +
                                 std::to_string(load_be<int32_t>(reinterpret_cast<const uint8_t*>(index.data() + 12))) +
                                 ") does not increase on the entry before it"}))
      << bad;
}

TEST_F(ToolsDumpLog, CorruptedCopyIsInvalid) {
  fs::path dir = copy_segment("crc");
  std::string log = read_bytes(dir / (segment_name + ".log"));
  auto at = log.find("value-0");
  ASSERT_NE(at, std::string::npos);
  log[at] = 'V';  // inside the first batch, covered by its CRC
  write_bytes(dir / (segment_name + ".log"), log);

  auto r = dump({"--files", (dir / (segment_name + ".log")).string(), "--print-data-log"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto batches = lines_starting(r.out, "baseOffset: ");
  ASSERT_EQ(batches.size(), 3u) << r;
  EXPECT_EQ(field(batches[0], "isvalid"), "false") << r;
  EXPECT_EQ(field(batches[1], "isvalid"), "true") << r;
  EXPECT_EQ(field(batches[2], "isvalid"), "true") << r;
  // The records still decode, showing the changed byte.
  EXPECT_NE(r.out.find("key: k0 payload: Value-0\n"), std::string::npos) << r;
}

TEST_F(ToolsDumpLog, TornCopyReportsTheInvalidBytes) {
  fs::path dir = copy_segment("torn");
  fs::path log = dir / (segment_name + ".log");
  auto size = fs::file_size(log);
  fs::resize_file(log, size - 10);

  auto full = dump({"--files", file(".log")});
  auto batches = lines_starting(full.out, "baseOffset: ");
  ASSERT_EQ(batches.size(), 3u) << full;
  int64_t last_size = std::stoll(field(batches[2], "size"));

  auto r = dump({"--files", log.string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto lines = lines_of(r.out);
  EXPECT_EQ(lines_starting(r.out, "baseOffset: ").size(), 2u) << r;
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(),
            "Found " + std::to_string(last_size - 10) + " invalid bytes at the end of " + segment_name + ".log")
      << r;

  // --max-bytes cuts on purpose: only the batches within it, and no note.
  auto limited = dump({"--files", file(".log"), "--max-bytes", field(batches[1], "position")});
  ASSERT_EQ(limited.exit_code, 0) << limited;
  EXPECT_EQ(lines_starting(limited.out, "baseOffset: "), std::vector<std::string>{batches[0]}) << limited;
  EXPECT_EQ(limited.out.find("invalid bytes"), std::string::npos) << limited;
}

TEST_F(ToolsDumpLog, TransactionMarkers) {
  // A commit marker as the broker writes one, in a segment of its own.
  auto marker = records::build_control_batch({.type = records::control_type::commit, .coordinator_epoch = 7},
                                             {.base_offset = 0,
                                              .partition_leader_epoch = 2,
                                              .producer_id = 42,
                                              .producer_epoch = 3,
                                              .timestamp_ms = base_time});
  ASSERT_TRUE(marker) << marker.error();
  fs::path dir = *scratch_ / "marker";
  fs::create_directories(dir);
  write_bytes(dir / (segment_name + ".log"), std::string(marker->begin(), marker->end()));

  auto r = dump({"--files", (dir / (segment_name + ".log")).string(), "--print-data-log"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto batches = lines_starting(r.out, "baseOffset: ");
  ASSERT_EQ(batches.size(), 1u) << r;
  EXPECT_EQ(field(batches[0], "producerId"), "42") << r;
  EXPECT_EQ(field(batches[0], "producerEpoch"), "3") << r;
  EXPECT_EQ(field(batches[0], "partitionLeaderEpoch"), "2") << r;
  EXPECT_EQ(field(batches[0], "isTransactional"), "true") << r;
  EXPECT_EQ(field(batches[0], "isControl"), "true") << r;
  EXPECT_EQ(field(batches[0], "isvalid"), "true") << r;
  // A marker's record shows what it ends, never a key or payload.
  EXPECT_EQ(lines_starting(r.out, "| "),
            std::vector<std::string>{"| offset: 0 CreateTime: 1700000000000 keySize: 4 valueSize: 6 sequence: -1 "
                                     "headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 7"})
      << r;
}

TEST_F(ToolsDumpLog, OffsetsDecoder) {
  // The group's commit is in one of the __consumer_offsets partitions.
  std::string files;
  for (const auto& entry : fs::directory_iterator(broker_->data_dir())) {
    if (entry.path().filename().string().rfind("__consumer_offsets-", 0) != 0) continue;
    auto log = entry.path() / (segment_name + ".log");
    if (fs::exists(log) && fs::file_size(log) > 0) files += (files.empty() ? "" : ",") + log.string();
  }
  ASSERT_FALSE(files.empty());
  auto r = dump({"--files", files, "--offsets-decoder"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find(" key: offset_commit::group=" + group_ + ",partition=" + topic_ +
                       "-0 payload: offset=2,metadata=meta\n"),
            std::string::npos)
      << r;
}

TEST_F(ToolsDumpLog, BadFilesFailWithOneLine) {
  auto missing = dump({"--files", (*scratch_ / "00000000000000000000.log").string()});
  EXPECT_EQ(missing.exit_code, 1) << missing;
  EXPECT_EQ(missing.out, "") << missing;
  EXPECT_EQ(missing.err.rfind("Error: cannot open " + (*scratch_ / "00000000000000000000.log").string(), 0), 0u)
      << missing;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing;

  // Nothing is dumped when any file is bad, even after a good one.
  auto mixed = dump({"--files", file(".log") + "," + file(".log") + ".txt"});
  EXPECT_EQ(mixed.exit_code, 1) << mixed;
  EXPECT_EQ(mixed.out, "") << mixed;
  EXPECT_NE(mixed.err.find("only .log, .index and .timeindex"), std::string::npos) << mixed;

  fs::path lonely = *scratch_ / "lonely";
  fs::create_directories(lonely);
  fs::copy_file(file(".index"), lonely / (segment_name + ".index"), fs::copy_options::overwrite_existing);
  auto no_log = dump({"--files", (lonely / (segment_name + ".index")).string()});
  EXPECT_EQ(no_log.exit_code, 1) << no_log;
  EXPECT_NE(no_log.err.find("does not exist"), std::string::npos) << no_log;

  fs::copy_file(file(".log"), *scratch_ / "renamed.log", fs::copy_options::overwrite_existing);
  auto unnamed = dump({"--files", (*scratch_ / "renamed.log").string()});
  EXPECT_EQ(unnamed.exit_code, 1) << unnamed;
  EXPECT_NE(unnamed.err.find("base offset"), std::string::npos) << unnamed;
}

}  // namespace
}  // namespace gregor::testing
