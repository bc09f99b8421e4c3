// producer_stats: the producer's counters, updated with relaxed atomics and read by metrics().
//
// Almost every update happens on the I/O thread once per batch or request (never per record on
// the send() path), so the counters cost nothing measurable. metrics() turns them into the
// public producer_metrics with averages over the producer's lifetime.
#pragma once

#include <atomic>
#include <cstdint>

#include "gregor/producer.h"

namespace gregor::client {

struct producer_stats {
  std::atomic<int64_t> records_sent{0};
  std::atomic<int64_t> bytes_sent{0};
  std::atomic<int64_t> record_errors{0};
  std::atomic<int64_t> record_retries{0};
  std::atomic<int64_t> batches_sent{0};
  std::atomic<int64_t> batch_bytes_total{0};
  std::atomic<int64_t> batch_bytes_max{0};
  std::atomic<int64_t> uncompressed_bytes_total{0};
  std::atomic<int64_t> requests_sent{0};
  std::atomic<int64_t> requests_answered{0};
  std::atomic<int64_t> request_records_total{0};
  std::atomic<int64_t> latency_us_total{0};
  std::atomic<int64_t> latency_us_max{0};
  std::atomic<int64_t> metadata_requests{0};

  static void raise_max(std::atomic<int64_t>& max, int64_t v) {
    int64_t seen = max.load(std::memory_order_relaxed);
    while (v > seen && !max.compare_exchange_weak(seen, v, std::memory_order_relaxed)) {
    }
  }
  void add(std::atomic<int64_t>& c, int64_t v) { c.fetch_add(v, std::memory_order_relaxed); }

  // The public view; buffer figures are filled in by the caller.
  producer_metrics snapshot() const;
};

}  // namespace gregor::client
