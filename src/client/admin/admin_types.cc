// The functions declared with the admin client's public value types (gregor/admin_types.h).
#include "gregor/admin_types.h"

namespace gregor {

namespace {

struct state_name {
  consumer_group_state state;
  std::string_view name;
};

// Kafka's spelling of each group state, as DescribeGroups and ListGroups carry it.
constexpr state_name state_names[] = {
    {consumer_group_state::unknown, "Unknown"},
    {consumer_group_state::preparing_rebalance, "PreparingRebalance"},
    {consumer_group_state::completing_rebalance, "CompletingRebalance"},
    {consumer_group_state::stable, "Stable"},
    {consumer_group_state::dead, "Dead"},
    {consumer_group_state::empty, "Empty"},
};

}  // namespace

std::string_view to_string(consumer_group_state state) {
  for (const auto& s : state_names)
    if (s.state == state) return s.name;
  return "Unknown";
}

consumer_group_state parse_consumer_group_state(std::string_view text) {
  for (const auto& s : state_names)
    if (s.name == text) return s.state;
  return consumer_group_state::unknown;
}

}  // namespace gregor
