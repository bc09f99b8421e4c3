// `gregor console-producer`: sends each line of stdin as one record (kafka-console-producer.sh).
//
// Settings come, later winning, from --command-config, --producer.config, --producer-property and
// then the dedicated flags (--request-required-acks, --timeout, ...). As in Kafka, a dedicated
// flag's default only applies when none of the earlier sources set that producer setting.
//
// Records are sent asynchronously (or one at a time with --sync); a record that fails is reported
// on stderr and the rest keep going. At end of input (or on Ctrl-C / SIGTERM) everything queued is
// flushed; the exit code is 1 when any record failed (including one that Ctrl-C stopped while it
// waited for its topic's metadata), 0 otherwise.
#include "tools/console_producer/console_producer_tool.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include "broker/topic_name.h"
#include "gregor/producer.h"
#include "tools/common/client_options.h"
#include "tools/common/properties_reader.h"
#include "tools/common/tool_error.h"
#include "tools/console_producer/line_parser.h"
#include "tools/console_producer/line_source.h"
#include "tools/console_producer/shutdown_signal.h"

namespace gregor::tools {
namespace {

struct producer_flags {
  client_options client;
  std::string topic;
  std::string producer_config;
  std::vector<std::string> producer_properties;
  std::vector<std::string> properties;
  std::string reader_config;
  bool sync = false;
  // Flags that map onto one producer setting each, with Kafka's console-producer defaults.
  std::string compression_codec = "none";
  std::string acks = "-1";
  int64_t batch_size = 16384;
  int64_t linger_ms = 1000;
  int64_t retries = 3;
  int64_t retry_backoff_ms = 100;
  int64_t max_block_ms = 60000;
  int64_t request_timeout_ms = 1500;
  int64_t buffer_memory = 33554432;
  int64_t metadata_max_age_ms = 300000;
};

// A dedicated flag and the producer setting it stands for.
struct setting_flag {
  CLI::Option* option;
  const char* setting;
  std::function<std::string()> value;
};

// Reports failed records on stderr, one line each, from the main and the producer's I/O thread.
class failure_reporter {
 public:
  explicit failure_reporter(std::string topic) : topic_(std::move(topic)) {}

  // Sizes are -1 for null.
  void report(int64_t key_size, int64_t value_size, const std::string& error) {
    failures_.fetch_add(1);
    std::string line = "Error when sending message to topic " + topic_ + " with key: " + describe(key_size) +
                       ", value: " + describe(value_size) + " with error: " + error + "\n";
    std::lock_guard lock(mutex_);
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }
  int64_t failures() const { return failures_.load(); }

 private:
  static std::string describe(int64_t size) { return size < 0 ? "null" : std::to_string(size) + " bytes"; }

  std::string topic_;
  std::atomic<int64_t> failures_{0};
  std::mutex mutex_;
};

// The error as one readable text: some client errors repeat their name in the detail.
std::string error_text(const kafka_error& e) {
  if (e.detail().rfind(std::string(e.name()) + ":", 0) == 0) return e.detail();
  return e.what();
}

gregor::config producer_config(const producer_flags& flags, const std::vector<setting_flag>& setting_flags) {
  std::vector<std::pair<std::string, std::string>> overrides;
  if (!flags.producer_config.empty()) overrides = read_properties_file(flags.producer_config);
  for (auto& kv : parse_key_values(flags.producer_properties, "--producer-property")) overrides.push_back(kv);
  gregor::config cfg = client_config(flags.client, overrides);
  for (const auto& f : setting_flags) {
    bool given = f.option->count() > 0;
    if (!given && cfg.contains(f.setting)) continue;  // set by a file or --producer-property
    std::string value = f.value();
    // --timeout (linger) is for asynchronous sending, as Kafka documents it: with --sync each record
    // goes alone, and lingering would only hold every line back by the default second.
    if (!given && flags.sync && std::string_view(f.setting) == "linger_ms") value = "0";
    cfg.set(f.setting, value);
  }
  if (!cfg.contains("client_id")) cfg.set("client_id", "console-producer");
  return cfg;
}

line_format reader_format(const producer_flags& flags) {
  std::vector<std::pair<std::string, std::string>> props;
  // Verbatim: a separator such as "key.separator=\t" must keep its whitespace.
  if (!flags.reader_config.empty()) props = read_properties_file_verbatim(flags.reader_config);
  for (auto& kv : parse_key_values(flags.properties, "--property")) props.push_back(kv);
  return make_line_format(props);
}

// Sends one record; failures (at once or later) go to `reporter`.
void send_line(kafka_producer& producer, const producer_flags& flags, const parsed_line& record,
               const std::shared_ptr<failure_reporter>& reporter) {
  producer_record r{flags.topic, record.value, record.key, std::nullopt, std::nullopt, record.headers};
  int64_t key_size = record.key ? static_cast<int64_t>(record.key->size()) : -1;
  int64_t value_size = record.value ? static_cast<int64_t>(record.value->size()) : -1;
  try {
    if (flags.sync) {
      producer.send(r).get();
      return;
    }
    producer.send(r, [reporter, key_size, value_size](const record_metadata&, const kafka_error* error) {
      if (error) reporter->report(key_size, value_size, error_text(*error));
    });
  } catch (const kafka_error& e) {  // not queued (metadata or memory wait ran out, too large), or failed (--sync)
    reporter->report(key_size, value_size, error_text(e));
  } catch (const illegal_state_error& e) {  // Ctrl-C closed the producer while this send waited
    reporter->report(key_size, value_size, e.what());
  }
}

// Clears the Ctrl-C reaction, waiting for it if it runs, before the producer it uses is destroyed.
struct reaction_guard {
  shutdown_signal& signals;
  ~reaction_guard() { signals.on_signal({}); }
};

int run_console_producer(const producer_flags& flags, const std::vector<setting_flag>& setting_flags) {
  // Before reading any input: every line would fail the same way.
  if (auto why = broker::invalid_topic_name(flags.topic)) throw tool_error("invalid --topic: " + *why);
  line_format format = reader_format(flags);
  gregor::config cfg = producer_config(flags, setting_flags);
  shutdown_signal signals;  // before the producer, whose threads must inherit the blocked signals
  auto reporter = std::make_shared<failure_reporter>(flags.topic);
  kafka_producer producer(cfg);
  // On Ctrl-C, close() sends what is queued and makes a send() that waits for metadata (a topic
  // that never appears, a broker that cannot be reached) give up, so the tool ends at once.
  signals.on_signal([&producer] { producer.close(); });
  reaction_guard guard{signals};

  // Kafka always prints the prompt; we print it only for a person at a terminal, so piped use
  // gives clean output.
  const bool prompt = ::isatty(STDIN_FILENO) != 0;
  line_source input(STDIN_FILENO, signals.wake_fd());
  int64_t line_number = 0;
  std::optional<std::string> stop_reason;
  while (!signals.requested()) {
    if (prompt) {
      std::fputs(">", stdout);
      std::fflush(stdout);
    }
    auto line = input.next();
    if (!line) break;
    ++line_number;
    parsed_line record;
    try {
      record = parse_line(format, *line, line_number);
    } catch (const tool_error& e) {
      stop_reason = e.what();  // as in Kafka, input that cannot be parsed ends the run
      break;
    }
    send_line(producer, flags, record, reporter);
  }
  if (prompt) std::fputs("\n", stdout);
  producer.close();  // sends everything queued first
  if (stop_reason) throw tool_error(*stop_reason);
  if (reporter->failures() > 0)
    throw tool_error(std::to_string(reporter->failures()) + " of " + std::to_string(line_number) +
                     " records could not be sent");
  return 0;
}

}  // namespace

tool_command add_console_producer_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("console-producer", "Produce lines read from stdin (kafka-console-producer.sh)");
  auto flags = std::make_shared<producer_flags>();
  add_client_options(*cmd, flags->client);
  cmd->add_option("--topic", flags->topic, "REQUIRED: the topic to produce to")->required();
  cmd->add_option("--producer.config", flags->producer_config,
                  "A properties file of producer settings (--producer-property and the flags below override it)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--producer-property", flags->producer_properties,
                  "A producer setting as key=value, e.g. linger.ms=5 (repeatable)");
  cmd->add_option("--property", flags->properties,
                  "How to read lines, as key=value (repeatable): parse.key, key.separator (default tab), "
                  "parse.headers, headers.delimiter (default tab), headers.separator (default ','), "
                  "headers.key.separator (default ':'), null.marker, ignore.error");
  cmd->add_option("--reader-config", flags->reader_config,
                  "A properties file of the same settings as --property (which overrides it)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--sync", flags->sync,
                "Send each record and wait for its acknowledgement before reading the next line (--timeout then "
                "defaults to 0)");

  auto p = flags.get();
  auto text = [](const std::string* s) { return [s] { return *s; }; };
  auto number = [](const int64_t* n) { return [n] { return std::to_string(*n); }; };
  std::vector<setting_flag> setting_flags = {
      {cmd->add_option("--compression-codec", p->compression_codec,
                       "none, gzip, snappy, lz4 or zstd (default none; the flag without a value means gzip)")
           ->expected(0, 1)
           ->check(CLI::IsMember({"", "none", "gzip", "snappy", "lz4", "zstd"})),
       "compression_type", [p] { return p->compression_codec.empty() ? std::string("gzip") : p->compression_codec; }},
      {cmd->add_option("--request-required-acks", p->acks, "Acknowledgements the leader waits for: -1 (all), 0 or 1")
           ->capture_default_str()
           ->check(CLI::IsMember({"-1", "all", "0", "1"})),
       "acks", text(&p->acks)},
      {cmd->add_option("--batch-size", p->batch_size, "Bytes of records per partition batch (batch.size)")
           ->capture_default_str()
           ->check(CLI::Range(int64_t{1}, int64_t{1} << 30)),
       "batch_size", number(&p->batch_size)},
      {cmd->add_option("--timeout", p->linger_ms,
                       "How long (ms) a batch waits for more records (linger.ms); 0 by default with --sync")
           ->capture_default_str()
           ->check(CLI::NonNegativeNumber),
       "linger_ms", number(&p->linger_ms)},
      {cmd->add_option("--message-send-max-retries", p->retries, "Resends of a failed batch (retries)")
           ->capture_default_str()
           ->check(CLI::NonNegativeNumber),
       "retries", number(&p->retries)},
      {cmd->add_option("--retry-backoff-ms", p->retry_backoff_ms, "Wait (ms) before resending a failed batch")
           ->capture_default_str()
           ->check(CLI::NonNegativeNumber),
       "retry_backoff_ms", number(&p->retry_backoff_ms)},
      {cmd->add_option("--max-block-ms", p->max_block_ms,
                       "How long (ms) sending may wait for the topic's metadata or buffer memory")
           ->capture_default_str()
           ->check(CLI::NonNegativeNumber),
       "max_block_ms", number(&p->max_block_ms)},
      {cmd->add_option("--request-timeout-ms", p->request_timeout_ms, "How long (ms) a produce request may go unanswered")
           ->capture_default_str()
           ->check(CLI::PositiveNumber),
       "request_timeout_ms", number(&p->request_timeout_ms)},
      {cmd->add_option("--max-memory-bytes", p->buffer_memory, "Bytes of records waiting to be sent (buffer.memory)")
           ->capture_default_str()
           ->check(CLI::PositiveNumber),
       "buffer_memory", number(&p->buffer_memory)},
      {cmd->add_option("--metadata-expiry-ms", p->metadata_max_age_ms,
                       "Refresh topic metadata at least this often, in ms (metadata.max.age.ms)")
           ->capture_default_str()
           ->check(CLI::PositiveNumber),
       "metadata_max_age_ms", number(&p->metadata_max_age_ms)},
  };
  return {cmd, [flags, setting_flags]() -> int { return run_console_producer(*flags, setting_flags); }};
}

}  // namespace gregor::tools
