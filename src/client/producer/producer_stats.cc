#include "client/producer/producer_stats.h"

namespace gregor::client {

producer_metrics producer_stats::snapshot() const {
  auto get = [](const std::atomic<int64_t>& c) { return c.load(std::memory_order_relaxed); };
  producer_metrics m;
  m.records_sent = get(records_sent);
  m.bytes_sent = get(bytes_sent);
  m.record_errors = get(record_errors);
  m.record_retries = get(record_retries);
  m.batches_sent = get(batches_sent);
  m.batch_size_max = get(batch_bytes_max);
  m.requests_sent = get(requests_sent);
  m.metadata_requests = get(metadata_requests);
  if (m.batches_sent > 0) {
    m.batch_size_avg = static_cast<double>(get(batch_bytes_total)) / static_cast<double>(m.batches_sent);
  }
  int64_t uncompressed = get(uncompressed_bytes_total);
  m.compression_rate_avg = uncompressed > 0 ? static_cast<double>(get(batch_bytes_total)) / uncompressed : 1.0;
  int64_t answered = get(requests_answered);
  if (answered > 0) m.request_latency_avg_ms = static_cast<double>(get(latency_us_total)) / answered / 1000.0;
  m.request_latency_max_ms = static_cast<double>(get(latency_us_max)) / 1000.0;
  if (m.requests_sent > 0) {
    m.records_per_request_avg = static_cast<double>(get(request_records_total)) / static_cast<double>(m.requests_sent);
  }
  return m;
}

}  // namespace gregor::client
