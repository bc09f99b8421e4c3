// `gregor consumer-perf-test`: consumes --messages records of a topic in a consumer group and
// reports throughput the way kafka-consumer-perf-test.sh does: one summary line (or, with
// --show-detailed-stats, a line per --reporting-interval), rebalance time being the time spent
// waiting for partitions and fetch time the rest.
#include "tools/perf/consumer_perf_tool.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <random>

#include "gregor/consumer.h"
#include "tools/common/properties_reader.h"
#include "tools/common/tool_error.h"
#include "tools/perf/java_date_format.h"
#include "tools/perf/perf_format.h"

namespace gregor::tools {
namespace {

using clock_type = std::chrono::steady_clock;

struct consumer_perf_options {
  std::string bootstrap_server;
  std::string topic;
  int64_t messages = 0;
  std::string group;
  std::optional<int64_t> fetch_size;
  bool from_latest = false;
  int64_t timeout_ms = 10000;
  bool show_detailed_stats = false;
  int64_t reporting_interval_ms = 5000;
  bool hide_header = false;
  std::string date_format = "yyyy-MM-dd HH:mm:ss:SSS";
  std::string consumer_config;
  bool print_metrics = false;
};

// The file's settings, then the tool's. The file's group.id counts unless --group was given.
gregor::config consumer_settings(const consumer_perf_options& o) {
  gregor::config cfg;
  cfg.set("client_id", "perf-consumer-client");
  cfg.set("check_crcs", false);  // as Kafka's tool: measure the transfer, not the checksum
  if (!o.consumer_config.empty())
    for (const auto& [key, value] : read_properties_file(o.consumer_config)) cfg.set(key, value);
  cfg.set("bootstrap_servers", o.bootstrap_server);
  if (!o.group.empty()) {
    cfg.set("group_id", o.group);
  } else if (!cfg.contains("group_id")) {
    cfg.set("group_id", "perf-consumer-" + std::to_string(std::random_device{}() % 100000));
  }
  if (o.fetch_size) cfg.set("max_partition_fetch_bytes", *o.fetch_size);
  cfg.set("auto_offset_reset", o.from_latest ? "latest" : "earliest");
  return cfg;
}

int64_t ms_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

// Time spent without partitions: from subscribing (or a revocation) until an assignment.
class rebalance_clock {
 public:
  explicit rebalance_clock(clock_type::time_point start) : waiting_since_(start) {}
  rebalance_listener listener() {
    rebalance_listener l;
    l.on_partitions_revoked = [this](const std::vector<topic_partition>&) { waiting_since_ = clock_type::now(); };
    l.on_partitions_assigned = [this](const std::vector<topic_partition>&) {
      if (waiting_since_) total_ms_ += ms_between(*waiting_since_, clock_type::now());
      waiting_since_.reset();
    };
    return l;
  }
  int64_t total_ms() const { return total_ms_; }

 private:
  std::optional<clock_type::time_point> waiting_since_;
  int64_t total_ms_ = 0;
};

int run_consumer_perf(const consumer_perf_options& o) {
  if (o.messages < 1) throw tool_error("--messages must be at least 1");
  if (o.timeout_ms < 0) throw tool_error("--timeout must not be negative");
  if (o.reporting_interval_ms < 1) throw tool_error("--reporting-interval must be at least 1");
  if (o.fetch_size && *o.fetch_size < 1) throw tool_error("--fetch-size must be at least 1");
  java_date_format dates(o.date_format);
  gregor::config cfg = consumer_settings(o);
  int64_t max_poll = 500;
  if (auto v = cfg.get("max_poll_records")) max_poll = std::max<int64_t>(1, std::strtoll(v->c_str(), nullptr, 10));

  gregor::kafka_consumer consumer(cfg);
  if (!consumer.partitions_for_topic(o.topic)) throw tool_error("topic '" + o.topic + "' does not exist");

  if (!o.hide_header) std::cout << consumer_header(o.show_detailed_stats) << "\n";
  auto start = clock_type::now();
  auto start_wall = std::chrono::system_clock::now();
  rebalance_clock rebalance(start);
  consumer.subscribe(std::vector<std::string>{o.topic}, rebalance.listener());

  int64_t messages = 0, bytes = 0;
  auto last_record = start;
  // --show-detailed-stats: where the current interval began.
  auto interval_start = start;
  int64_t interval_messages = 0, interval_bytes = 0, interval_rebalance_ms = 0;
  auto report_interval = [&](clock_type::time_point now) {
    consumer_span span{bytes, messages, bytes - interval_bytes, messages - interval_messages,
                       static_cast<double>(ms_between(interval_start, now)), rebalance.total_ms() - interval_rebalance_ms};
    std::cout << consumer_progress_line(dates.format(std::chrono::system_clock::now()), span) << std::endl;
    interval_start = now;
    interval_messages = messages;
    interval_bytes = bytes;
    interval_rebalance_ms = rebalance.total_ms();
  };

  while (messages < o.messages) {
    auto batch = consumer.poll(100, static_cast<int32_t>(std::min(o.messages - messages, max_poll)));
    auto now = clock_type::now();
    for (const auto& [tp, records] : batch) {
      for (const auto& r : records) {
        bytes += static_cast<int64_t>((r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0));
        ++messages;
      }
      if (!records.empty()) last_record = now;
    }
    if (o.show_detailed_stats && ms_between(interval_start, now) >= o.reporting_interval_ms) report_interval(now);
    if (ms_between(last_record, now) > o.timeout_ms) break;
  }
  auto end = clock_type::now();
  auto end_wall = std::chrono::system_clock::now();

  if (o.show_detailed_stats) {
    if (messages > interval_messages) report_interval(end);
  } else {
    consumer_span span{bytes, messages, bytes, messages, static_cast<double>(ms_between(start, end)),
                       rebalance.total_ms()};
    std::cout << consumer_summary_line(dates.format(start_wall), dates.format(end_wall), span) << std::endl;
  }
  if (o.print_metrics) {
    std::map<std::string, double> metrics;
    for (const auto& [name, value] : consumer.metrics()) metrics["consumer-metrics:" + name] = value;
    print_metrics(std::cout, metrics);
  }
  consumer.close();

  if (messages < o.messages)
    throw tool_error("timed out after consuming " + std::to_string(messages) + " of " + std::to_string(o.messages) +
                     " messages: none arrived for " + std::to_string(o.timeout_ms) +
                     " ms (raise --timeout to wait longer)");
  return 0;
}

}  // namespace

tool_command add_consumer_perf_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("consumer-perf-test", "Consumer throughput test (kafka-consumer-perf-test.sh)");
  auto o = std::make_shared<consumer_perf_options>();
  cmd->add_option("--bootstrap-server", o->bootstrap_server,
                  "REQUIRED: the server(s) to connect to, as host:port[,host:port...]")
      ->required();
  cmd->add_option("--topic", o->topic, "REQUIRED: the topic to consume from")->required();
  cmd->add_option("--messages", o->messages, "REQUIRED: how many messages to consume")->required();
  cmd->add_option("--group", o->group, "The consumer group id (default: perf-consumer-<random number>)");
  cmd->add_option("--fetch-size", o->fetch_size, "Bytes to fetch per partition per request (default 1048576)");
  cmd->add_flag("--from-latest", o->from_latest,
                "Without committed offsets, start at the end of the log instead of the beginning");
  cmd->add_option("--timeout", o->timeout_ms,
                  "Give up (exit 1) when no message arrived for this many ms (default 10000)");
  cmd->add_flag("--show-detailed-stats", o->show_detailed_stats,
                "Print a line per --reporting-interval instead of one summary");
  cmd->add_option("--reporting-interval", o->reporting_interval_ms,
                  "Milliseconds between --show-detailed-stats lines (default 5000)");
  cmd->add_flag("--hide-header", o->hide_header, "Do not print the header line");
  cmd->add_option("--date-format", o->date_format,
                  "How times are printed, a Java SimpleDateFormat pattern (default yyyy-MM-dd HH:mm:ss:SSS)");
  cmd->add_option("--consumer.config", o->consumer_config, "A properties file of consumer settings")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--print-metrics", o->print_metrics, "Print the consumer's metrics at the end");
  return {cmd, [o] { return run_consumer_perf(*o); }};
}

}  // namespace gregor::tools
