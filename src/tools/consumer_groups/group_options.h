// group_options: the parsed command line of `gregor consumer-groups` (kafka-consumer-groups.sh's
// flags) and the checks of which flags go together.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "tools/common/client_options.h"

namespace gregor::tools::consumer_groups {

// The one thing a run does.
enum class group_action { list, describe, delete_groups, reset_offsets, delete_offsets };

// Which view --describe prints.
enum class describe_view { offsets, members, state };

// How --reset-offsets picks the new offsets (exactly one per run).
enum class reset_kind { to_earliest, to_latest, to_current, to_offset, shift_by, to_datetime, by_duration, from_file };

struct group_options {
  client_options client;

  // Actions (exactly one).
  bool list = false;
  bool describe = false;
  bool delete_groups = false;
  bool reset_offsets = false;
  bool delete_offsets = false;

  // Which groups.
  std::vector<std::string> groups;
  bool all_groups = false;

  // --describe views, and --list --state [S1,S2].
  bool members = false;
  bool offsets = false;
  bool state = false;            // --state was given (with or without a value)
  std::string state_filter;      // its value; empty: no filter
  bool verbose = false;

  // --reset-offsets / --delete-offsets scope.
  std::vector<std::string> topics;  // "T" or "T:0,2"
  bool all_topics = false;

  // --reset-offsets specs.
  bool to_earliest = false;
  bool to_latest = false;
  bool to_current = false;
  std::optional<int64_t> to_offset;
  std::optional<int64_t> shift_by;
  std::optional<std::string> to_datetime;
  std::optional<std::string> by_duration;
  std::optional<std::string> from_file;

  bool dry_run = false;
  bool execute = false;
  bool export_csv = false;

  int64_t timeout_ms = 5000;

  // At most ~24 days (Kafka's tool also cuts --timeout to an int): deadlines of now + a huge
  // value would overflow and expire at once.
  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(std::min<int64_t>(timeout_ms, std::numeric_limits<int32_t>::max()));
  }
};

// The action chosen; throws tool_error unless exactly one was given.
group_action chosen_action(const group_options& options);
// The --describe view (offsets when none of --members/--offsets/--state was given).
describe_view chosen_view(const group_options& options);
// The --reset-offsets spec; throws tool_error unless exactly one was given.
reset_kind chosen_reset(const group_options& options);

// Checks the combination of flags for the chosen action; throws tool_error naming what is wrong.
void validate(const group_options& options);

}  // namespace gregor::tools::consumer_groups
