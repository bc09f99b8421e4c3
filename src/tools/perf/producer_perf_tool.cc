// `gregor producer-perf-test`: sends --num-records records to a topic as fast as allowed
// (--throughput) and reports throughput and latency the way kafka-producer-perf-test.sh does.
//
// Each record is sent with a delivery callback that records its latency: from the moment it was
// due on the throttle schedule (throughput_throttler.h), or from the send() call when unlimited.
// Progress lines every 5 s and the final summary come from perf_format.h.
#include "tools/perf/producer_perf_tool.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>

#include "gregor/producer.h"
#include "tools/common/client_options.h"
#include "tools/common/properties_reader.h"
#include "tools/common/tool_error.h"
#include "tools/perf/latency_recorder.h"
#include "tools/perf/payload_source.h"
#include "tools/perf/perf_format.h"
#include "tools/perf/throughput_throttler.h"

namespace gregor::tools {
namespace {

using clock_type = std::chrono::steady_clock;
constexpr auto reporting_interval = std::chrono::seconds(5);

struct producer_perf_options {
  std::string topic;
  int64_t num_records = 0;
  std::optional<int64_t> record_size;
  std::string payload_file;
  std::string payload_delimiter = "\\n";
  double throughput = 0;
  std::vector<std::string> producer_props;
  std::string producer_config;
  std::string bootstrap_server;
  bool print_metrics = false;
};

// The producer's settings: --producer.config, then --producer-props, then --bootstrap-server.
gregor::config producer_settings(const producer_perf_options& o) {
  gregor::config cfg;
  cfg.set("client_id", "perf-producer-client");
  if (!o.producer_config.empty())
    for (const auto& [key, value] : read_properties_file(o.producer_config)) cfg.set(key, value);
  for (const auto& [key, value] : parse_key_values(o.producer_props, "--producer-props")) cfg.set(key, value);
  if (!o.bootstrap_server.empty()) cfg.set("bootstrap_servers", o.bootstrap_server);
  if (!cfg.contains("bootstrap_servers"))
    throw tool_error("no servers to connect to: give --bootstrap-server, or bootstrap.servers in --producer-props "
                     "or --producer.config");
  return cfg;
}

payload_source make_payloads(const producer_perf_options& o) {
  if (o.record_size.has_value() == !o.payload_file.empty())
    throw tool_error("give exactly one of --record-size and --payload-file");
  if (o.record_size) {
    if (*o.record_size < 0 || *o.record_size > 1'000'000'000) throw tool_error("--record-size must be 0 to 1000000000");
    return payload_source::random_letters(static_cast<size_t>(*o.record_size));
  }
  auto payloads = payload_source::from_file(o.payload_file, unescape_delimiter(o.payload_delimiter));
  std::cout << "Reading payloads from: " << o.payload_file << "\n"
            << "Number of messages read: " << payloads.count() << "\n"
            << std::flush;
  return payloads;
}

std::map<std::string, double> metrics_of(const producer_metrics& m) {
  const std::string p = "producer-metrics:";
  return {{p + "record-send-total", static_cast<double>(m.records_sent)},
          {p + "record-error-total", static_cast<double>(m.record_errors)},
          {p + "record-retry-total", static_cast<double>(m.record_retries)},
          {p + "outgoing-byte-total", static_cast<double>(m.bytes_sent)},
          {p + "batch-total", static_cast<double>(m.batches_sent)},
          {p + "batch-size-avg", m.batch_size_avg},
          {p + "batch-size-max", static_cast<double>(m.batch_size_max)},
          {p + "request-total", static_cast<double>(m.requests_sent)},
          {p + "request-latency-avg", m.request_latency_avg_ms},
          {p + "request-latency-max", m.request_latency_max_ms},
          {p + "records-per-request-avg", m.records_per_request_avg},
          {p + "compression-rate-avg", m.compression_rate_avg},
          {p + "buffer-total-bytes", static_cast<double>(m.buffer_total_bytes)},
          {p + "buffer-available-bytes", static_cast<double>(m.buffer_available_bytes)},
          {p + "waiting-threads", static_cast<double>(m.waiting_threads)},
          {p + "metadata-request-total", static_cast<double>(m.metadata_requests)}};
}

double seconds_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Prints a progress line when the reporting interval has passed since the last one.
class progress_reporter {
 public:
  progress_reporter(latency_recorder& recorder, clock_type::time_point start)
      : recorder_(recorder), window_start_(start), next_(start + reporting_interval) {}

  clock_type::time_point next() const { return next_; }
  void maybe_report(clock_type::time_point now) {
    if (now < next_) return;
    now = clock_type::now();
    auto window = recorder_.take_window();
    std::cout << producer_progress_line(window, seconds_between(window_start_, now)) << std::endl;
    window_start_ = now;
    next_ = now + reporting_interval;
  }

 private:
  latency_recorder& recorder_;
  clock_type::time_point window_start_;
  clock_type::time_point next_;
};

int run_producer_perf(const producer_perf_options& o) {
  if (o.num_records < 1) throw tool_error("--num-records must be at least 1");
  // Any negative rate means no limit, as in Kafka; 0 would never send.
  if (o.throughput == 0 || std::isnan(o.throughput))
    throw tool_error("--throughput must be a positive number of records/sec, or -1 for no limit");
  gregor::config cfg = producer_settings(o);
  payload_source payloads = make_payloads(o);

  gregor::kafka_producer producer(cfg);
  // Metadata first (it may create the topic), so that the clock measures sending only.
  producer.partitions_for(o.topic);

  latency_recorder recorder(o.num_records);
  auto start = clock_type::now();
  throughput_throttler throttler(o.throughput, start);
  progress_reporter progress(recorder, start);

  int64_t sent = 0;
  std::string send_error;  // why send() itself threw, which ends the sending
  for (; sent < o.num_records; ++sent) {
    auto due = throttler.wait_for(sent);
    int64_t due_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(due.time_since_epoch()).count();
    // Captures two words, so std::function keeps it inline: no allocation per record.
    auto on_delivery = [&recorder, due_ns](const record_metadata& md, const kafka_error* error) {
      if (error) {
        recorder.record_failure(error->what());
        return;
      }
      int64_t now_ns =
          std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
      recorder.record_success((now_ns - due_ns) / 1000, std::max(md.serialized_value_size, 0));
    };
    try {
      producer.send(o.topic, payloads.next(), std::nullopt, on_delivery);
    } catch (const std::exception& e) {
      send_error = e.what();
      break;
    }
    progress.maybe_report(due);
  }

  // Wait for the outstanding records, still reporting progress meanwhile.
  for (;;) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(progress.next() - clock_type::now());
    try {
      producer.flush(std::max(wait, std::chrono::milliseconds(1)));
      break;
    } catch (const kafka_timeout_error&) {
      progress.maybe_report(clock_type::now());
    }
  }
  auto end = clock_type::now();

  latency_totals totals = recorder.totals();
  std::cout << producer_summary_line(totals, seconds_between(start, end)) << std::endl;
  if (o.print_metrics) print_metrics(std::cout, metrics_of(producer.metrics()));
  producer.close();

  int64_t failed = o.num_records - totals.records;
  if (failed > 0) {
    std::string why = !send_error.empty() ? "sending stopped after " + std::to_string(sent) + ": " + send_error
                                          : "first error: " + recorder.first_failure();
    throw tool_error(std::to_string(failed) + " of " + std::to_string(o.num_records) + " records failed; " + why);
  }
  return 0;
}

}  // namespace

tool_command add_producer_perf_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("producer-perf-test",
                                    "Producer throughput and latency test (kafka-producer-perf-test.sh)");
  auto o = std::make_shared<producer_perf_options>();
  cmd->add_option("--topic", o->topic, "REQUIRED: the topic to produce to")->required();
  cmd->add_option("--num-records", o->num_records, "REQUIRED: how many records to send")->required();
  cmd->add_option("--record-size", o->record_size,
                  "Bytes per record (random letters A-Z); give this or --payload-file");
  cmd->add_option("--payload-file", o->payload_file,
                  "Send records read from this file, split at --payload-delimiter, picked at random; give this or "
                  "--record-size")
      ->check(CLI::ExistingFile);
  cmd->add_option("--payload-delimiter", o->payload_delimiter,
                  "What separates the records of --payload-file (\\n, \\r, \\t, \\\\ are escapes; default \\n)");
  cmd->add_option("--throughput", o->throughput,
                  "REQUIRED: target records/sec, or -1 for no limit. Latency counts from when a record was due on "
                  "this schedule, so stalls are not hidden")
      ->required();
  cmd->add_option("--producer-props", o->producer_props,
                  "Producer settings as key=value ... (e.g. bootstrap.servers=host:9092 acks=1 linger.ms=5)");
  cmd->add_option("--producer.config", o->producer_config, "A properties file of producer settings")
      ->check(CLI::ExistingFile);
  cmd->add_option("--bootstrap-server", o->bootstrap_server,
                  "The server(s) to connect to, host:port[,host:port...] (else bootstrap.servers from the settings)");
  cmd->add_flag("--print-metrics", o->print_metrics, "Print the producer's metrics at the end");
  return {cmd, [o] { return run_producer_perf(*o); }};
}

}  // namespace gregor::tools
