// `gregor console-consumer`: prints records to stdout (kafka-console-consumer.sh).
//
// Runs until --max-messages records were printed, --timeout-ms passed without a record, stdout
// closed, or Ctrl-C / SIGTERM. In each case it then closes the consumer (which commits the
// position when in a group with auto commit, and leaves the group), prints "Processed a total of
// N messages" on stderr and exits 0. A consumer error (e.g. OFFSET_OUT_OF_RANGE with
// auto.offset.reset=none) is reported as "Error: ..." with exit code 1, after the total.
#include "tools/console_consumer/console_consumer_tool.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>

#include "gregor/consumer.h"
#include "tools/common/tool_error.h"
#include "tools/console_consumer/consumer_options.h"
#include "tools/console_consumer/message_formatter.h"
#include "tools/console_producer/shutdown_signal.h"

namespace gregor::tools {
namespace {

using clock_type = std::chrono::steady_clock;

// The longest one poll() waits: how soon a closed stdout is noticed while no record arrives. A
// signal interrupts the wait anyway.
constexpr int64_t idle_poll_ms = 1000;

// True when stdout is a pipe whose reader has gone (`| head -3` has its lines). Checked while
// idle too, so the tool need not wait for the next record's write to fail to find out (Kafka's
// does, and so hangs on a quiet topic).
bool output_closed() {
  pollfd out{STDOUT_FILENO, 0, 0};
  return ::poll(&out, 1, 0) == 1 && (out.revents & (POLLERR | POLLHUP)) != 0;
}

void start_reading(kafka_consumer& consumer, const consumer_plan& plan) {
  if (plan.pattern) {
    consumer.subscribe(*plan.pattern);
    return;
  }
  if (!plan.partition) {
    consumer.subscribe(std::vector<std::string>{*plan.topic});
    return;
  }
  auto partitions = consumer.partitions_for_topic(*plan.topic);
  if (!partitions) throw tool_error("topic " + *plan.topic + " does not exist");
  if (!partitions->count(*plan.partition))
    throw tool_error("partition " + std::to_string(*plan.partition) + " does not exist in topic " + *plan.topic +
                     " (it has " + std::to_string(partitions->size()) + ")");
  topic_partition tp{*plan.topic, *plan.partition};
  consumer.assign({tp});
  switch (plan.start.where) {
    case start_offset::kind::earliest: consumer.seek_to_beginning({tp}); break;
    case start_offset::kind::latest: consumer.seek_to_end({tp}); break;
    case start_offset::kind::exact: consumer.seek(tp, plan.start.offset); break;
  }
}

// Why the loop ended, for the note on stderr.
enum class stop_reason { signal, max_messages, timeout, output_closed };

struct loop_result {
  int64_t count = 0;
  stop_reason reason = stop_reason::signal;
};

// Polls and prints until a stop condition holds. Records a poll() returned are always printed:
// the consumer's position is already past them, and it is what gets committed.
loop_result consume(kafka_consumer& consumer, const consumer_flags& flags, const message_format& format,
                    const shutdown_signal& signals) {
  loop_result result;
  auto last_record = clock_type::now();
  std::string out;
  while (!signals.requested()) {
    if (flags.max_messages >= 0 && result.count >= flags.max_messages) {
      result.reason = stop_reason::max_messages;
      return result;
    }
    int64_t wait_ms = idle_poll_ms;
    if (flags.timeout_ms >= 0) {
      auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - last_record).count();
      if (idle >= flags.timeout_ms) {
        result.reason = stop_reason::timeout;
        return result;
      }
      wait_ms = std::min(wait_ms, flags.timeout_ms - idle);
    }
    // Never take more than --max-messages allows: what is taken counts as consumed (committed).
    std::optional<int32_t> max_records;
    if (flags.max_messages >= 0)
      max_records = static_cast<int32_t>(
          std::min<int64_t>(flags.max_messages - result.count, std::numeric_limits<int32_t>::max()));
    auto batch = consumer.poll(wait_ms, max_records);
    out.clear();
    for (const auto& [tp, records] : batch) {
      for (const auto& record : records) {
        format_record(format, record, out);
        ++result.count;
      }
    }
    if (out.empty()) {
      if (!output_closed()) continue;
      result.reason = stop_reason::output_closed;
      return result;
    }
    last_record = clock_type::now();
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
      result.reason = stop_reason::output_closed;
      return result;
    }
  }
  return result;
}

int run_console_consumer(const consumer_flags& flags) {
  consumer_plan plan = plan_consumer(flags);
  message_format format = make_message_format(plan.format_properties);
  ::signal(SIGPIPE, SIG_IGN);  // a closed stdout (`| head`) shows up as a write error instead
  shutdown_signal signals;     // before the consumer, whose threads must inherit the blocked signals
  kafka_consumer consumer(plan.settings);
  signals.on_signal([&consumer] { consumer.wakeup(); });

  loop_result result;
  std::exception_ptr failure;
  try {
    start_reading(consumer, plan);
    result = consume(consumer, flags, format, signals);
    if (result.reason == stop_reason::timeout)
      std::fprintf(stderr, "No message received for %lld ms (--timeout-ms); stopping.\n",
                   static_cast<long long>(flags.timeout_ms));
    else if (result.reason == stop_reason::output_closed)
      std::fputs("Unable to write to standard output; stopping.\n", stderr);
    consumer.close();  // commits (in a group with auto commit) and leaves the group
  } catch (...) {
    failure = std::current_exception();
  }
  signals.on_signal({});
  std::fprintf(stderr, "Processed a total of %lld messages\n", static_cast<long long>(result.count));
  std::fflush(stderr);
  if (failure) std::rethrow_exception(failure);
  return 0;
}

}  // namespace

tool_command add_console_consumer_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("console-consumer", "Print records to stdout (kafka-console-consumer.sh)");
  auto flags = std::make_shared<consumer_flags>();
  add_client_options(*cmd, flags->client);
  cmd->add_option("--topic", flags->topic, "The topic to read (this or --include is required)");
  cmd->add_option("--include,--whitelist", flags->include,
                  "Read every topic whose name matches this regular expression (commas separate alternatives; "
                  "--whitelist is Kafka's old name)");
  cmd->add_option("--group", flags->group,
                  "The consumer group to join and commit to (default: a generated console-consumer-NNNNN "
                  "group that commits nothing)");
  flags->partition_option =
      cmd->add_option("--partition", flags->partition,
                      "Read only this partition of --topic (no group membership); starts at the end unless "
                      "--from-beginning or --offset");
  cmd->add_option("--offset", flags->offset, "Where --partition starts: earliest, latest or an offset");
  cmd->add_flag("--from-beginning", flags->from_beginning,
                "Without a committed offset, start at the earliest record instead of the end");
  cmd->add_option("--max-messages", flags->max_messages, "Exit after printing this many records")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--timeout-ms", flags->timeout_ms, "Exit when no record arrived for this many milliseconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--isolation-level", flags->isolation_level,
                  "read_committed: skip aborted transactions and wait for open ones; read_uncommitted (default): "
                  "read everything")
      ->check(CLI::IsMember({"read_committed", "read_uncommitted"}));
  cmd->add_option("--consumer.config", flags->consumer_config,
                  "A properties file of consumer settings (--consumer-property overrides it)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--consumer-property", flags->consumer_properties,
                  "A consumer setting as key=value, e.g. fetch.max.wait.ms=100 (repeatable)");
  cmd->add_option("--property", flags->properties,
                  "How to print records, as key=value (repeatable): print.timestamp, print.partition, "
                  "print.offset, print.headers, print.key, print.value (true/false); key.separator (default "
                  "tab), line.separator, headers.separator (default ','), null.literal (default 'null')");
  cmd->add_option("--formatter-config", flags->formatter_config,
                  "A properties file of the same settings as --property (which overrides it)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--formatter", flags->formatter,
                  "The record formatter; only kafka.tools.DefaultMessageFormatter (the default) is available");
  return {cmd, [flags]() -> int { return run_console_consumer(*flags); }};
}

}  // namespace gregor::tools
