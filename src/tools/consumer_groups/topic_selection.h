// topic_selection: the --topic values of --reset-offsets and --delete-offsets, "orders" (every
// partition) or "orders:0,2" (just those), resolved against the cluster's topics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gregor/types.h"

namespace gregor::tools::consumer_groups {

class group_admin;

struct topic_selection {
  std::string topic;
  std::optional<std::vector<int32_t>> partitions;  // nullopt: every partition
};

// "T" or "T:0,2"; throws tool_error for an empty topic or a partition that is not a number >= 0.
topic_selection parse_topic_selection(const std::string& text);

// The partitions the selections name, sorted and without duplicates. Throws tool_error for a topic
// that does not exist or a partition it does not have.
std::vector<topic_partition> resolve_topic_selections(group_admin& admin, const std::vector<std::string>& texts);

}  // namespace gregor::tools::consumer_groups
