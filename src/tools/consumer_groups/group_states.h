// group_states: the group states --list --state S1,S2 filters on, spelled as Kafka spells them
// (Stable, PreparingRebalance, CompletingRebalance, Empty, Dead) and matched case-insensitively.
#pragma once

#include <string>
#include <vector>

#include "gregor/admin_types.h"

namespace gregor::tools::consumer_groups {

// "stable,Empty" -> {stable, empty}; throws tool_error naming the valid states for anything else.
std::vector<consumer_group_state> parse_state_list(const std::string& text);

}  // namespace gregor::tools::consumer_groups
