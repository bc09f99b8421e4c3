#include "client/consumer/consumer_metrics.h"

namespace gregor::client {

void consumer_metrics::record_fetch(double latency_ms, size_t bytes) {
  std::lock_guard lock(mutex_);
  fetch_.add(latency_ms);
  fetched_bytes_ += bytes;
}

void consumer_metrics::record_fetch_error() {
  std::lock_guard lock(mutex_);
  ++fetch_errors_;
}

void consumer_metrics::record_consumed(size_t records, size_t bytes) {
  std::lock_guard lock(mutex_);
  records_consumed_ += records;
  bytes_consumed_ += bytes;
}

void consumer_metrics::record_commit(double latency_ms) {
  std::lock_guard lock(mutex_);
  commit_.add(latency_ms);
}

void consumer_metrics::record_rebalance(double latency_ms) {
  std::lock_guard lock(mutex_);
  rebalance_.add(latency_ms);
}

void consumer_metrics::record_poll(double idle_ms, double total_ms) {
  std::lock_guard lock(mutex_);
  poll_idle_ms_ += idle_ms;
  poll_total_ms_ += total_ms;
}

std::map<std::string, double> consumer_metrics::snapshot(int64_t lag_max, size_t assigned) const {
  std::lock_guard lock(mutex_);
  return {
      {"records-consumed-total", static_cast<double>(records_consumed_)},
      {"bytes-consumed-total", static_cast<double>(bytes_consumed_)},
      {"fetch-total", static_cast<double>(fetch_.count)},
      {"fetch-error-total", static_cast<double>(fetch_errors_)},
      {"fetch-bytes-total", static_cast<double>(fetched_bytes_)},
      {"fetch-latency-avg", fetch_.avg()},
      {"fetch-latency-max", fetch_.max_ms},
      {"records-lag-max", static_cast<double>(lag_max)},
      {"commit-total", static_cast<double>(commit_.count)},
      {"commit-latency-avg", commit_.avg()},
      {"commit-latency-max", commit_.max_ms},
      {"rebalance-total", static_cast<double>(rebalance_.count)},
      {"rebalance-latency-avg", rebalance_.avg()},
      {"rebalance-latency-max", rebalance_.max_ms},
      {"assigned-partitions", static_cast<double>(assigned)},
      {"poll-idle-ratio-avg", poll_total_ms_ > 0 ? poll_idle_ms_ / poll_total_ms_ : 0},
  };
}

}  // namespace gregor::client
