// consumer_options: console-consumer's flags, the checks Kafka's console consumer makes on their
// combinations, and what they turn into: the consumer's settings and where it starts reading.
//
// Group: --group (or group.id in the settings) makes the consumer a member of that group, which
// commits its position (auto commit, and on exit). Without one, as in Kafka, subscribing uses a
// generated group "console-consumer-NNNNN" with auto commit off, so nothing is committed for it.
// --partition reads one partition by itself (no group membership; with --group the position is
// still committed to that group on exit).
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "gregor/config.h"
#include "tools/common/client_options.h"

namespace CLI {
class Option;
}

namespace gregor::tools {

struct consumer_flags {
  client_options client;
  std::string topic;
  std::string include;  // --include / --whitelist: a regular expression of topic names
  std::string group;
  int32_t partition = -1;
  CLI::Option* partition_option = nullptr;  // whether --partition was given
  std::string offset;                       // earliest | latest | N; empty: not given
  bool from_beginning = false;
  int64_t max_messages = -1;  // -1: no limit
  int64_t timeout_ms = -1;    // -1: wait forever
  std::string isolation_level;
  std::string consumer_config;
  std::vector<std::string> consumer_properties;
  std::vector<std::string> properties;
  std::string formatter;
  std::string formatter_config;
};

// Where a --partition consumer starts.
struct start_offset {
  enum class kind { earliest, latest, exact } where = kind::latest;
  int64_t offset = 0;  // for exact
};

struct consumer_plan {
  gregor::config settings;
  std::optional<std::string> topic;                  // subscribe to this topic, or
  std::optional<std::regex> pattern;                 // to the topics matching this, or
  std::optional<int32_t> partition;                  // assign this partition of `topic`
  start_offset start;                                // (for `partition`)
  std::vector<std::pair<std::string, std::string>> format_properties;  // --formatter-config, --property
};

// Checks the flags (tool_error naming the problem) and works out the plan.
consumer_plan plan_consumer(const consumer_flags& flags);

// Kafka's reading of an --include list: commas separate alternatives, spaces and surrounding
// quotes are dropped. Throws tool_error for an invalid regular expression.
std::regex include_pattern(const std::string& text);

// "earliest", "latest" or a non-negative offset; tool_error otherwise.
start_offset parse_start_offset(const std::string& text);

}  // namespace gregor::tools
