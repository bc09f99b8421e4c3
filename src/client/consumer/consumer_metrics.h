// consumer_metrics: the counters behind kafka_consumer::metrics().
//
// Fetch figures are recorded on the I/O thread, consumption and commits on the application
// thread; one mutex guards them all (a few updates per fetch or poll, never per record).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace gregor::client {

class consumer_metrics {
 public:
  void record_fetch(double latency_ms, size_t bytes);
  void record_fetch_error();
  void record_consumed(size_t records, size_t bytes);
  void record_commit(double latency_ms);
  void record_rebalance(double latency_ms);
  void record_poll(double idle_ms, double total_ms);

  // Every figure by name; `lag_max` and `assigned` come from the subscription state.
  std::map<std::string, double> snapshot(int64_t lag_max, size_t assigned) const;

 private:
  struct latency {
    uint64_t count = 0;
    double total_ms = 0;
    double max_ms = 0;
    void add(double ms) {
      ++count;
      total_ms += ms;
      if (ms > max_ms) max_ms = ms;
    }
    double avg() const { return count ? total_ms / static_cast<double>(count) : 0; }
  };

  mutable std::mutex mutex_;
  latency fetch_;
  uint64_t fetch_errors_ = 0;
  uint64_t fetched_bytes_ = 0;
  uint64_t records_consumed_ = 0;
  uint64_t bytes_consumed_ = 0;
  latency commit_;
  latency rebalance_;
  double poll_idle_ms_ = 0;
  double poll_total_ms_ = 0;
};

}  // namespace gregor::client
