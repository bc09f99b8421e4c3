// latency_recorder: producer-perf-test's record of what the delivery callbacks saw.
//
// Callbacks (on the producer's I/O thread) add each record's outcome; the tool's own thread takes
// a window every reporting interval and the totals at the end. Counters are atomics so neither
// side waits for the other. Latencies are kept in microseconds for the percentiles: every record's
// up to `max_samples`, beyond that every k-th (still a few million samples, far finer than the
// 0.1% the 99.9th percentile needs).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace gregor::tools {

// Latencies in milliseconds.
struct latency_window {
  int64_t records = 0;
  int64_t bytes = 0;
  double avg_ms = 0;
  double max_ms = 0;
};

struct latency_totals {
  int64_t records = 0;  // succeeded
  int64_t bytes = 0;
  double avg_ms = 0;
  double max_ms = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, p999_ms = 0;
};

class latency_recorder {
 public:
  static constexpr int64_t default_max_samples = 10'000'000;

  explicit latency_recorder(int64_t expected_records, int64_t max_samples = default_max_samples);

  // From delivery callbacks, any thread.
  void record_success(int64_t latency_us, int64_t bytes);
  void record_failure(const std::string& message);

  // Records done either way (acquire: what they recorded is visible to the caller).
  int64_t completed() const { return completed_.load(std::memory_order_acquire); }
  int64_t failures() const { return failures_.load(std::memory_order_relaxed); }
  std::string first_failure() const;

  // Successes since the previous call (or since the start).
  latency_window take_window();
  // Everything so far, with percentiles. Call once the callbacks are done.
  latency_totals totals() const;

 private:
  // Cumulative counters, written by callbacks.
  std::atomic<int64_t> successes_{0};
  std::atomic<int64_t> bytes_{0};
  std::atomic<int64_t> latency_sum_us_{0};
  std::atomic<int64_t> max_us_{0};
  std::atomic<int64_t> window_max_us_{0};
  std::atomic<int64_t> failures_{0};
  std::atomic<int64_t> completed_{0};

  // Percentile samples: slot n / stride_ holds the latency of the n-th success when n % stride_ == 0.
  int64_t stride_;
  std::vector<int32_t> samples_;

  mutable std::mutex failure_mutex_;
  std::string first_failure_;

  // What take_window() saw last time.
  int64_t window_successes_ = 0;
  int64_t window_bytes_ = 0;
  int64_t window_latency_us_ = 0;
};

}  // namespace gregor::tools
