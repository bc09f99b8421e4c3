// perf_format: the lines producer-perf-test and consumer-perf-test print, in the shapes of Kafka's
// kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh (MB = 1024 * 1024 bytes), so that
// scripts reading Kafka's output read ours.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>

#include "tools/perf/latency_recorder.h"

namespace gregor::tools {

// "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency."
std::string producer_progress_line(const latency_window& window, double seconds);
// As the progress line, then the percentiles: "..., P ms 50th, P ms 95th, P ms 99th, P ms 99.9th."
std::string producer_summary_line(const latency_totals& totals, double seconds);

// What consumer-perf-test measured over a span of time: the whole run, or one reporting interval.
struct consumer_span {
  int64_t total_bytes = 0;     // cumulative since the start
  int64_t total_messages = 0;  // cumulative since the start
  int64_t bytes = 0;           // within the span
  int64_t messages = 0;        // within the span
  double elapsed_ms = 0;       // length of the span
  int64_t rebalance_ms = 0;    // time of the span spent waiting for partitions
};

std::string consumer_header(bool detailed);
// "start, end, MB, MB/sec, nMsg, nMsg/sec, rebalance ms, fetch ms, fetch MB/sec, fetch nMsg/sec"
std::string consumer_summary_line(const std::string& start_time, const std::string& end_time,
                                  const consumer_span& span);
// --show-detailed-stats: "time, threadId, MB, MB/sec, nMsg, nMsg/sec, rebalance ms, fetch ms, ...",
// with cumulative totals and the interval's rates.
std::string consumer_progress_line(const std::string& time, const consumer_span& span);

// --print-metrics: "name : value" lines under a "Metric Name ... Value" header, names aligned.
void print_metrics(std::ostream& out, const std::map<std::string, double>& metrics);

}  // namespace gregor::tools
