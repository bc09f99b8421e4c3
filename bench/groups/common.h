// What the consumer-group benchmark's scenarios share: options, the figure report, /proc and
// data-directory readers, and a few admin calls over the test client.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "support/kafka_client.h"

namespace gregor::bench {

using testing::kafka_client;
using steady = std::chrono::steady_clock;

inline double ms_between(steady::time_point from, steady::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

struct options {
  bool quick = false;
  std::string only;       // empty: every scenario; else rebalance, idle or offsets
  std::string json_path;  // empty: no JSON lines
};

// Prints figures as aligned lines and, with --json, appends one JSON object per figure.
class report {
 public:
  explicit report(const std::string& json_path);
  void section(const std::string& title);
  void note(const std::string& text);
  void value(const std::string& key, const std::string& label, double v, const std::string& unit, int decimals = 1);
  // p50 / p99 / max of the samples (nearest rank).
  void distribution(const std::string& key, const std::string& label, std::vector<double> samples,
                    const std::string& unit = "ms");

 private:
  std::string section_key_;
  std::ofstream json_;
};

double percentile(std::vector<double> sorted_samples, double p);

// --- the broker process, from /proc ----------------------------------------------------------------
int64_t rss_kib(pid_t pid);
// utime + stime of every thread, in milliseconds (clock-tick resolution, /proc/<pid>/stat).
double cpu_ms(pid_t pid);
// Run time summed over the live threads' /proc/<pid>/task/*/schedstat, in milliseconds
// (nanosecond resolution; time of threads that exited is lost).
double scheduled_cpu_ms(pid_t pid);
// Voluntary + involuntary context switches summed over the process's threads: each sleep that
// ends (a wakeup) counts once, so an idle broker should barely move it.
int64_t context_switches(pid_t pid);
int thread_count(pid_t pid);

// --- a partition directory -------------------------------------------------------------------------
// Sum of the sizes of the *.log files (segments) in `dir`; 0 when it does not exist.
int64_t log_bytes(const std::filesystem::path& dir);
int segment_count(const std::filesystem::path& dir);
// Base offset of the newest segment (the active one, which the cleaner never touches); -1 if none.
int64_t active_segment_base(const std::filesystem::path& dir);

// --- admin calls -----------------------------------------------------------------------------------
bool create_topic(kafka_client& c, const std::string& name, int32_t partitions);
// FindCoordinator for `group` until it answers without error (the first lookup creates
// __consumer_offsets); false after `timeout`.
bool wait_for_coordinator(kafka_client& c, const std::string& group,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20));
// Number of groups ListGroups (v4) reports in `state`; -1 on failure.
int count_groups(kafka_client& c, const std::string& state);
// ListOffsets: earliest (-2) or latest (-1) offset of a partition; -1 on failure.
int64_t list_offset(kafka_client& c, const std::string& topic, int32_t partition, int64_t which);

struct partition_contents {
  int64_t records = 0;
  int64_t tombstones = 0;
  int64_t batches = 0;
  int64_t distinct_keys = 0;
  int64_t records_below = 0;  // records with an offset below `below` (read_partition's argument)
  bool complete = false;  // read up to the high watermark without errors
};
// Fetches a partition from its log start to its high watermark and counts what is there.
partition_contents read_partition(kafka_client& c, const std::string& topic, int32_t partition, int64_t below = -1);

}  // namespace gregor::bench
