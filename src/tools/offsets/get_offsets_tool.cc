// `gregor get-offsets` (kafka-get-offsets.sh): one line "topic:partition:offset" per selected
// partition, sorted by topic then partition number, for --time earliest / latest /
// max-timestamp / a timestamp in ms. As Kafka's tool does, a partition with no offset for the
// time (a timestamp after its newest record) prints nothing, and a partition whose lookup fails
// is reported on stderr ("Skip getting offsets for topic-partition ...") while the others are
// still printed; unlike Kafka's, the exit code is then 1 so scripts notice.
#include "tools/offsets/get_offsets_tool.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <iostream>
#include <map>

#include "gregor/admin.h"
#include "tools/common/client_options.h"
#include "tools/common/tool_error.h"
#include "tools/offsets/topic_partition_filter.h"

namespace gregor::tools {

namespace {

struct get_offsets_options {
  client_options client;
  std::string topic;
  std::string partitions;
  std::string topic_partitions;
  std::string time = "latest";
  bool exclude_internal = false;
};

offset_spec parse_time(const std::string& text) {
  if (text == "earliest") return offset_spec::earliest();
  if (text == "latest") return offset_spec::latest();
  if (text == "max-timestamp") return offset_spec::max_timestamp();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < -3)
    throw tool_error("Malformed time argument " + text +
                     ". Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a timestamp in "
                     "milliseconds since the epoch");
  if (value == -1) return offset_spec::latest();
  if (value == -2) return offset_spec::earliest();
  if (value == -3) return offset_spec::max_timestamp();
  return offset_spec::for_timestamp(value);
}

// Every partition of every listed topic that the filter accepts, sorted.
std::vector<topic_partition> matching_partitions(kafka_admin_client& admin, const topic_partition_filter& filter,
                                                 bool exclude_internal) {
  std::vector<topic_listing> listings = admin.list_topics({.list_internal = !exclude_internal}).get();
  std::vector<std::string> topics;
  for (const auto& listing : listings) {
    if (filter.topic_allowed(listing.name)) topics.push_back(listing.name);
  }
  std::vector<topic_partition> partitions;
  if (topics.empty()) return partitions;
  auto described = admin.describe_topics(topics);
  for (const auto& [name, future] : described.futures()) {
    topic_description description;
    try {
      description = future.get();
    } catch (const kafka_error& e) {
      // Deleted between the listing and the describe: it has no partitions to report.
      if (e.code() == error_code::unknown_topic_or_partition) continue;
      throw;
    }
    for (const auto& p : description.partitions) {
      if (filter.partition_allowed(name, p.partition)) partitions.push_back({name, p.partition});
    }
  }
  std::sort(partitions.begin(), partitions.end());
  return partitions;
}

int run_get_offsets(const get_offsets_options& options, const CLI::App& cmd) {
  bool has_rules = cmd.count("--topic-partitions") > 0;
  if (has_rules && (cmd.count("--topic") > 0 || cmd.count("--partitions") > 0))
    throw tool_error("--topic-partitions cannot be used with --topic or --partitions");
  offset_spec spec = parse_time(options.time);
  auto filter = has_rules ? topic_partition_filter::from_rules(options.topic_partitions)
                          : topic_partition_filter::from_topic_and_partitions(
                                cmd.count("--topic") ? std::optional(options.topic) : std::nullopt,
                                cmd.count("--partitions") ? std::optional(options.partitions) : std::nullopt);

  kafka_admin_client admin(client_config(options.client));
  auto partitions = matching_partitions(admin, filter, options.exclude_internal);
  if (partitions.empty()) throw tool_error("Could not match any topic-partitions with the specified filters");

  std::map<topic_partition, offset_spec> specs;
  for (const auto& tp : partitions) specs.emplace(tp, spec);
  auto listed = admin.list_offsets(specs);
  bool all_ok = true;
  for (const auto& tp : partitions) {
    try {
      auto offset = listed[tp].get().offset;
      if (offset >= 0) std::cout << tp.topic << ':' << tp.partition << ':' << offset << '\n';
    } catch (const kafka_error& e) {
      std::cout.flush();
      std::cerr << "Skip getting offsets for topic-partition " << tp.topic << '-' << tp.partition
                << " due to error: " << e.what() << '\n';
      all_ok = false;
    }
  }
  std::cout.flush();
  return all_ok ? 0 : 1;
}

}  // namespace

tool_command add_get_offsets_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand(
      "get-offsets",
      "Print partitions' offsets at a time: earliest, latest, max-timestamp or ms (kafka-get-offsets.sh)");
  auto options = std::make_shared<get_offsets_options>();
  add_client_options(*cmd, options->client);
  cmd->add_option("--topic", options->topic,
                  "The topic(s) to get offsets for, as a regular expression matching whole names (',' means or); "
                  "default: all topics. Not with --topic-partitions");
  cmd->add_option("--partitions", options->partitions,
                  "Comma-separated partition ids to get offsets for (default: all). Not with --topic-partitions");
  cmd->add_option("--topic-partitions", options->topic_partitions,
                  "Comma-separated TOPIC_REGEX:PARTITIONS rules; PARTITIONS is N, N-M (M exclusive), N-, -M or "
                  "empty for all; the topic part may be omitted to mean any topic. Example: t1:0-2,t2,:5");
  cmd->add_option("--time", options->time,
                  "Which offset: latest or -1 (default), earliest or -2, max-timestamp or -3 (the record with the "
                  "largest timestamp), or a timestamp in ms (the first offset whose timestamp is at or after it; "
                  "a partition with no such record prints nothing)");
  cmd->add_flag("--exclude-internal-topics", options->exclude_internal,
                "Leave out internal topics such as __consumer_offsets (included by default)");
  return {cmd, [options, cmd] { return run_get_offsets(*options, *cmd); }};
}

}  // namespace gregor::tools
