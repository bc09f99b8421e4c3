#include "tools/perf/perf_format.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace gregor::tools {
namespace {

constexpr double bytes_per_mb = 1024.0 * 1024.0;

std::string printf_string(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string printf_string(const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return std::string(buffer, static_cast<size_t>(std::clamp(n, 0, static_cast<int>(sizeof buffer) - 1)));
}

// amount / seconds, 0 for an empty span rather than inf or nan.
double rate(double amount, double seconds) { return seconds > 0 ? amount / seconds : 0.0; }

std::string consumer_fields(const consumer_span& s) {
  double seconds = s.elapsed_ms / 1000.0;
  double fetch_ms = std::max(0.0, s.elapsed_ms - static_cast<double>(s.rebalance_ms));
  double mb = static_cast<double>(s.bytes) / bytes_per_mb;
  return printf_string("%.4f, %.4f, %lld, %.4f, %lld, %lld, %.4f, %.4f",
                       static_cast<double>(s.total_bytes) / bytes_per_mb, rate(mb, seconds),
                       static_cast<long long>(s.total_messages), rate(static_cast<double>(s.messages), seconds),
                       static_cast<long long>(s.rebalance_ms), static_cast<long long>(fetch_ms),
                       rate(mb, fetch_ms / 1000.0), rate(static_cast<double>(s.messages), fetch_ms / 1000.0));
}

}  // namespace

std::string producer_progress_line(const latency_window& w, double seconds) {
  return printf_string("%lld records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
                       static_cast<long long>(w.records), rate(static_cast<double>(w.records), seconds),
                       rate(static_cast<double>(w.bytes) / bytes_per_mb, seconds), w.avg_ms, w.max_ms);
}

std::string producer_summary_line(const latency_totals& t, double seconds) {
  return printf_string(
      "%lld records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
      "%.2f ms 50th, %.2f ms 95th, %.2f ms 99th, %.2f ms 99.9th.",
      static_cast<long long>(t.records), rate(static_cast<double>(t.records), seconds),
      rate(static_cast<double>(t.bytes) / bytes_per_mb, seconds), t.avg_ms, t.max_ms, t.p50_ms, t.p95_ms, t.p99_ms,
      t.p999_ms);
}

std::string consumer_header(bool detailed) {
  return std::string(detailed ? "time, threadId" : "start.time, end.time") +
         ", data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, "
         "fetch.MB.sec, fetch.nMsg.sec";
}

std::string consumer_summary_line(const std::string& start_time, const std::string& end_time,
                                  const consumer_span& span) {
  return start_time + ", " + end_time + ", " + consumer_fields(span);
}

std::string consumer_progress_line(const std::string& time, const consumer_span& span) {
  // One consuming thread, so threadId is always 0.
  return time + ", 0, " + consumer_fields(span);
}

void print_metrics(std::ostream& out, const std::map<std::string, double>& metrics) {
  size_t width = std::string("Metric Name").size();
  for (const auto& [name, value] : metrics) width = std::max(width, name.size());
  out << "\n" << std::string("Metric Name").append(width - 11, ' ') << "   Value\n";
  for (const auto& [name, value] : metrics)
    out << name << std::string(width - name.size(), ' ') << " : " << printf_string("%.3f", value) << "\n";
}

}  // namespace gregor::tools
