// consumer_options: console-consumer flag checks and the consumer settings they produce.
#include "tools/console_consumer/consumer_options.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <random>

#include "broker/topic_name.h"
#include "tools/common/properties_reader.h"
#include "tools/common/tool_error.h"

namespace gregor::tools {
namespace {

// The formatter class names Kafka's scripts accept for the default formatter (old and new home).
bool is_default_formatter(const std::string& name) {
  return name.empty() || name == "kafka.tools.DefaultMessageFormatter" ||
         name == "org.apache.kafka.tools.consumer.DefaultMessageFormatter";
}

std::string generated_group_id() {
  std::random_device seed;
  std::uniform_int_distribution<int> pick(0, 99999);
  return "console-consumer-" + std::to_string(pick(seed));
}

void check_combinations(const consumer_flags& flags) {
  if (flags.topic.empty() == flags.include.empty())
    throw tool_error("exactly one of --topic and --include is required");
  bool has_partition = flags.partition_option && flags.partition_option->count() > 0;
  // The broker answers a subscription to such a name with an error the consumer only retries on;
  // without this the tool would wait forever.
  if (!flags.topic.empty())
    if (auto why = broker::invalid_topic_name(flags.topic)) throw tool_error("invalid --topic: " + *why);
  if (has_partition && flags.topic.empty()) throw tool_error("--partition needs --topic");
  if (has_partition && flags.partition < 0) throw tool_error("--partition must not be negative");
  if (!flags.offset.empty() && !has_partition) throw tool_error("--offset needs --partition");
  if (!flags.offset.empty() && flags.from_beginning)
    throw tool_error("--from-beginning and --offset cannot be used together");
  if (!is_default_formatter(flags.formatter))
    throw tool_error("unsupported --formatter " + flags.formatter +
                     ": only kafka.tools.DefaultMessageFormatter (org.apache.kafka.tools.consumer."
                     "DefaultMessageFormatter) is available");
}

// The group: --group, or group.id from the settings (which must then agree), or none.
void settle_group(const consumer_flags& flags, bool manual_assign, gregor::config& cfg) {
  auto configured = cfg.get("group_id");
  if (!flags.group.empty()) {
    if (configured && *configured != flags.group)
      throw tool_error("--group " + flags.group + " conflicts with group.id=" + *configured +
                       " from the consumer settings");
    cfg.set("group_id", flags.group);
    return;
  }
  if (configured || manual_assign) return;
  // Kafka's console consumer joins a throwaway group and does not commit for it.
  cfg.set("group_id", generated_group_id());
  if (!cfg.contains("enable_auto_commit")) cfg.set("enable_auto_commit", "false");
}

void settle_offset_reset(const consumer_flags& flags, gregor::config& cfg) {
  auto reset = cfg.get("auto_offset_reset");
  if (flags.from_beginning) {
    if (reset && *reset != "earliest" && *reset != "smallest")
      throw tool_error("--from-beginning conflicts with auto.offset.reset=" + *reset);
    cfg.set("auto_offset_reset", "earliest");
  } else if (!reset) {
    cfg.set("auto_offset_reset", "latest");
  }
}

}  // namespace

std::regex include_pattern(const std::string& text) {
  std::string cleaned;
  for (char c : text) {
    if (c == ',') cleaned += '|';
    else if (c != ' ') cleaned += c;
  }
  auto quote = [](char c) { return c == '"' || c == '\''; };
  while (!cleaned.empty() && quote(cleaned.front())) cleaned.erase(0, 1);
  while (!cleaned.empty() && quote(cleaned.back())) cleaned.pop_back();
  if (cleaned.empty()) throw tool_error("--include must not be empty");
  try {
    return std::regex(cleaned);
  } catch (const std::regex_error& e) {
    throw tool_error("invalid --include regular expression '" + text + "': " + e.what());
  }
}

start_offset parse_start_offset(const std::string& text) {
  if (text == "earliest") return {start_offset::kind::earliest, 0};
  if (text == "latest") return {start_offset::kind::latest, 0};
  int64_t offset = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), offset);
  if (ec != std::errc() || end != text.data() + text.size() || offset < 0)
    throw tool_error("invalid --offset '" + text + "': expected earliest, latest or a non-negative offset");
  return {start_offset::kind::exact, offset};
}

consumer_plan plan_consumer(const consumer_flags& flags) {
  check_combinations(flags);
  consumer_plan plan;
  bool manual_assign = flags.partition_option && flags.partition_option->count() > 0;
  if (manual_assign) {
    plan.partition = flags.partition;
    if (!flags.offset.empty()) plan.start = parse_start_offset(flags.offset);
    else if (flags.from_beginning) plan.start = {start_offset::kind::earliest, 0};
  }
  if (!flags.topic.empty()) plan.topic = flags.topic;
  else plan.pattern = include_pattern(flags.include);

  std::vector<std::pair<std::string, std::string>> overrides;
  if (!flags.consumer_config.empty()) overrides = read_properties_file(flags.consumer_config);
  for (auto& kv : parse_key_values(flags.consumer_properties, "--consumer-property")) overrides.push_back(kv);
  plan.settings = client_config(flags.client, overrides);
  settle_group(flags, manual_assign, plan.settings);
  settle_offset_reset(flags, plan.settings);
  if (!flags.isolation_level.empty()) plan.settings.set("isolation_level", flags.isolation_level);

  // Verbatim: a separator such as "key.separator=\t" must keep its whitespace.
  if (!flags.formatter_config.empty()) plan.format_properties = read_properties_file_verbatim(flags.formatter_config);
  for (auto& kv : parse_key_values(flags.properties, "--property")) plan.format_properties.push_back(kv);
  return plan;
}

}  // namespace gregor::tools
