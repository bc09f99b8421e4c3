// throughput_throttler: paces producer-perf-test at --throughput records per second.
//
// Record i is due at start + i / rate (a fixed schedule, not "rate since the last send"), so a
// sender that fell behind catches up at once instead of stretching the run. The due time is also
// where the record's latency starts: a stall in send() then shows up in the latencies of every
// record it delayed, rather than being hidden (no coordinated omission). Without a rate
// (unlimited), a record is due when it is sent.
#pragma once

#include <chrono>
#include <cstdint>

namespace gregor::tools {

class throughput_throttler {
 public:
  using clock = std::chrono::steady_clock;

  // records_per_second <= 0 means unlimited.
  throughput_throttler(double records_per_second, clock::time_point start);

  bool unlimited() const { return period_ns_ <= 0; }
  // Waits until record `index` is due and returns its due time (unlimited: now).
  clock::time_point wait_for(int64_t index) const;
  // When record `index` is due (unlimited: the start).
  clock::time_point due(int64_t index) const;

 private:
  clock::time_point start_;
  double period_ns_;  // nanoseconds between records; 0 when unlimited
};

}  // namespace gregor::tools
