// Scenarios 3 and 4: `__consumer_offsets` after an hour's worth of commits, and commit latency.
//
// One group with one member commits 8 partitions' offsets 3,600 times (a commit a second for an
// hour, sent as fast as the broker acknowledges them; each answer waits for fsync). The broker
// runs with offsets.topic.segment.bytes=1048576 and log.cleaner.backoff.ms=1000 so that the
// cleaner has rolled segments to compact. Figures: the bytes written to the group's partition,
// its *.log bytes right after the last commit and after waiting for the cleaner, the records left
// (fetched back), and the OffsetCommit round-trip times.
#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include "coordinator/offsets_topic_records.h"
#include "member.h"
#include "scenarios.h"
#include "support/broker_process.h"

namespace gregor::bench {
namespace {

using namespace std::chrono_literals;
const std::string topic = "bench-commits";
const std::string group = "bench-commit-group";
constexpr int partitions = 8;

// The disk's own price for what a commit needs: append `bytes` to a file and fdatasync it, then
// also fdatasync `extra_files` files that did not change (the broker's flush syncs the segment's
// .log, .index and .timeindex each time).
std::vector<double> fdatasync_reference(const std::filesystem::path& dir, size_t bytes, int extra_files, int n) {
  std::vector<int> fds;
  for (int i = 0; i <= extra_files; ++i) {
    auto path = dir / ("fdatasync-reference-" + std::to_string(i));
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return {};
    ::unlink(path.c_str());
    fds.push_back(fd);
  }
  std::vector<uint8_t> buf(bytes, 0x5a);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    auto start = steady::now();
    if (::write(fds[0], buf.data(), buf.size()) != static_cast<ssize_t>(buf.size())) break;
    for (int fd : fds) ::fdatasync(fd);
    out.push_back(ms_between(start, steady::now()));
  }
  for (int fd : fds) ::close(fd);
  return out;
}

}  // namespace

bool run_offsets(const options& opt, report& out) {
  const int commits = opt.quick ? 300 : 3600;
  const auto cleaner_wait = opt.quick ? 10s : 30s;
  out.section("offsets: one member commits " + std::to_string(partitions) + " partitions " + std::to_string(commits) +
              " times; offsets.topic.segment.bytes=1048576, log.cleaner.backoff.ms=1000");

  testing::broker_process broker({{"group.initial.rebalance.delay.ms", "0"},
                                  {"offsets.topic.segment.bytes", "1048576"},
                                  {"log.cleaner.backoff.ms", "1000"}});
  if (!broker.start()) return false;
  kafka_client c;
  if (!c.connect(broker.port()) || !create_topic(c, topic, partitions) || !wait_for_coordinator(c, group)) {
    out.note("could not create the topic or the offsets topic");
    return false;
  }
  group_member member(group, {.session_timeout_ms = 120000, .rebalance_timeout_ms = 8000, .topic = topic});
  if (int16_t e = member.join_and_sync(c); e != err::none) {
    out.note("the member could not join: " + error_text(e));
    return false;
  }

  int32_t partition = coordinator::partition_for_group(group, 50);
  auto dir = broker.data_dir() / (std::string(coordinator::offsets_topic_name) + "-" + std::to_string(partition));
  int64_t bytes_before_commits = log_bytes(dir);

  std::vector<double> latencies;
  latencies.reserve(static_cast<size_t>(commits));
  std::vector<int64_t> offsets(partitions);
  int64_t bytes_per_commit = 0;
  int failed = 0;
  int16_t first_error = 0;
  auto started = steady::now();
  for (int i = 0; i < commits; ++i) {
    for (int p = 0; p < partitions; ++p) offsets[static_cast<size_t>(p)] = int64_t{1000} * (i + 1) + p;
    auto sent = steady::now();
    int16_t e = member.commit(c, topic, offsets);
    latencies.push_back(ms_between(sent, steady::now()));
    if (e != err::none && failed++ == 0) first_error = e;
    // Every commit appends one batch of the same size (fixed-width values, same keys).
    if (i == 0) bytes_per_commit = log_bytes(dir) - bytes_before_commits;
  }
  double commit_seconds = std::chrono::duration<double>(steady::now() - started).count();
  int64_t bytes_after_commits = log_bytes(dir);
  int segments_after_commits = segment_count(dir);
  int64_t log_end = list_offset(c, coordinator::offsets_topic_name, partition, -1);

  // Wait for the cleaner: until the size has dropped and stayed put for 5 s (five cleaner
  // backoffs), or the time is up.
  auto wait_start = steady::now();
  int64_t size = bytes_after_commits;
  auto last_change = wait_start;
  while (steady::now() - wait_start < cleaner_wait) {
    std::this_thread::sleep_for(250ms);
    int64_t now_size = log_bytes(dir);
    if (now_size != size) {
      size = now_size;
      last_change = steady::now();
    }
    if (size < bytes_after_commits && steady::now() - last_change >= 5s) break;
  }
  double waited = std::chrono::duration<double>(steady::now() - wait_start).count();
  int64_t bytes_after_cleaning = log_bytes(dir);
  int segments_after_cleaning = segment_count(dir);
  int64_t active_base = active_segment_base(dir);
  auto left = read_partition(c, coordinator::offsets_topic_name, partition, active_base);
  int64_t log_start = list_offset(c, coordinator::offsets_topic_name, partition, -2);

  int64_t written = bytes_before_commits + bytes_per_commit * commits;
  out.value("offsets.partition", "group's __consumer_offsets partition", partition, "", 0);
  out.value("offsets.group_metadata_bytes", "bytes before the first commit (group metadata)",
            static_cast<double>(bytes_before_commits), "B", 0);
  out.value("offsets.bytes_per_commit", "bytes appended per commit (one batch of " + std::to_string(partitions) +
            " records)", static_cast<double>(bytes_per_commit), "B", 0);
  out.value("offsets.bytes_written", "bytes written to the partition in total", static_cast<double>(written), "B", 0);
  out.value("offsets.records_written", "records written (log end offset)", static_cast<double>(log_end), "", 0);
  out.value("offsets.log_bytes_after_commits",
            "*.log bytes right after the last commit (" + std::to_string(segments_after_commits) + " segments)",
            static_cast<double>(bytes_after_commits), "B", 0);
  char waited_text[32];
  std::snprintf(waited_text, sizeof waited_text, "%.1f", waited);
  out.value("offsets.log_bytes_after_cleaner",
            "*.log bytes after waiting " + std::string(waited_text) + " s for the cleaner (" +
                std::to_string(segments_after_cleaning) + " segments)",
            static_cast<double>(bytes_after_cleaning), "B", 0);
  out.value("offsets.records_left", "records left (fetched, log start " + std::to_string(log_start) + " to end)",
            static_cast<double>(left.records), "", 0);
  out.value("offsets.records_left_cleanable", "  in the segments before the active one (cleanable)",
            static_cast<double>(left.records_below), "", 0);
  out.value("offsets.records_left_active", "  in the active segment (from offset " + std::to_string(active_base) +
            ", never cleaned)", static_cast<double>(left.records - left.records_below), "", 0);
  out.value("offsets.distinct_keys", "  distinct keys", static_cast<double>(left.distinct_keys), "", 0);
  out.value("offsets.tombstones", "  tombstones", static_cast<double>(left.tombstones), "", 0);
  if (!left.complete) out.note("reading the partition back stopped early (fetch error)");
  if (bytes_after_commits < written) {
    out.note("the partition shrank while the commits ran: the cleaner compacted during the run");
  }
  if (segments_after_commits <= 1) {
    out.note("nothing to compact: every record is still in the active segment (under 1 MiB written)");
  } else if (bytes_after_cleaning >= bytes_after_commits && bytes_after_commits >= written) {
    out.note("no compaction observed: the partition did not shrink (log cleaner not active in this build?)");
  }

  out.section("commit latency: OffsetCommit v8 round trips, " + std::to_string(partitions) +
              " partitions each, answered after fsync");
  out.distribution("commit.latency", "OffsetCommit round trip", latencies);
  out.value("commit.rate", "commits per second (one connection, one at a time)", commits / commit_seconds, "/s");
  // The same file system as the broker's data directory, measured after the broker's run.
  auto root = broker.data_dir().parent_path();
  int reference_n = opt.quick ? 100 : 500;
  out.distribution("commit.disk_reference_1",
                   "disk: append " + std::to_string(bytes_per_commit) + " B + fdatasync",
                   fdatasync_reference(root, static_cast<size_t>(bytes_per_commit), 0, reference_n));
  out.distribution("commit.disk_reference_3", "disk: the same + fdatasync 2 unchanged files",
                   fdatasync_reference(root, static_cast<size_t>(bytes_per_commit), 2, reference_n));
  if (failed) out.note(std::to_string(failed) + " commits failed, the first with " + error_text(first_error));
  broker.stop();
  return failed == 0;
}

}  // namespace gregor::bench
