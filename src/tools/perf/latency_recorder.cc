#include "tools/perf/latency_recorder.h"

#include <algorithm>
#include <limits>

namespace gregor::tools {
namespace {

void raise_to(std::atomic<int64_t>& max, int64_t value) {
  int64_t seen = max.load(std::memory_order_relaxed);
  while (value > seen && !max.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

double ms(int64_t us) { return static_cast<double>(us) / 1000.0; }

}  // namespace

latency_recorder::latency_recorder(int64_t expected_records, int64_t max_samples) {
  expected_records = std::max<int64_t>(expected_records, 1);
  max_samples = std::max<int64_t>(max_samples, 1);
  stride_ = (expected_records + max_samples - 1) / max_samples;
  samples_.resize(static_cast<size_t>((expected_records + stride_ - 1) / stride_));
}

void latency_recorder::record_success(int64_t latency_us, int64_t bytes) {
  latency_us = std::clamp<int64_t>(latency_us, 0, std::numeric_limits<int32_t>::max());
  int64_t n = successes_.fetch_add(1, std::memory_order_relaxed);
  if (n % stride_ == 0) {
    auto slot = static_cast<size_t>(n / stride_);
    if (slot < samples_.size()) samples_[slot] = static_cast<int32_t>(latency_us);
  }
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  latency_sum_us_.fetch_add(latency_us, std::memory_order_relaxed);
  raise_to(max_us_, latency_us);
  raise_to(window_max_us_, latency_us);
  completed_.fetch_add(1, std::memory_order_release);
}

void latency_recorder::record_failure(const std::string& message) {
  if (failures_.fetch_add(1, std::memory_order_relaxed) == 0) {
    std::lock_guard lock(failure_mutex_);
    first_failure_ = message;
  }
  completed_.fetch_add(1, std::memory_order_release);
}

std::string latency_recorder::first_failure() const {
  std::lock_guard lock(failure_mutex_);
  return first_failure_;
}

latency_window latency_recorder::take_window() {
  // The counters are read one after another while callbacks go on: a record may land in this
  // window's count and the next window's latency sum. Over a 5 s window that is noise.
  int64_t successes = successes_.load(std::memory_order_relaxed);
  int64_t bytes = bytes_.load(std::memory_order_relaxed);
  int64_t latency_us = latency_sum_us_.load(std::memory_order_relaxed);
  latency_window w;
  w.records = successes - window_successes_;
  w.bytes = bytes - window_bytes_;
  if (w.records > 0) w.avg_ms = ms(latency_us - window_latency_us_) / static_cast<double>(w.records);
  w.max_ms = ms(window_max_us_.exchange(0, std::memory_order_relaxed));
  window_successes_ = successes;
  window_bytes_ = bytes;
  window_latency_us_ = latency_us;
  return w;
}

latency_totals latency_recorder::totals() const {
  latency_totals t;
  t.records = successes_.load(std::memory_order_relaxed);
  t.bytes = bytes_.load(std::memory_order_relaxed);
  t.max_ms = ms(max_us_.load(std::memory_order_relaxed));
  if (t.records == 0) return t;
  t.avg_ms = ms(latency_sum_us_.load(std::memory_order_relaxed)) / static_cast<double>(t.records);

  size_t used = std::min(samples_.size(), static_cast<size_t>((t.records + stride_ - 1) / stride_));
  std::vector<int32_t> sorted(samples_.begin(), samples_.begin() + static_cast<ptrdiff_t>(used));
  std::sort(sorted.begin(), sorted.end());
  // The sample at rank floor(p * n), as Kafka picks it.
  auto at = [&](double p) {
    auto i = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
    return ms(sorted[i]);
  };
  t.p50_ms = at(0.5);
  t.p95_ms = at(0.95);
  t.p99_ms = at(0.99);
  t.p999_ms = at(0.999);
  return t;
}

}  // namespace gregor::tools
