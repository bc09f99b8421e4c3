// group_states: parsing of --state's comma-separated list.
#include "tools/consumer_groups/group_states.h"

#include <algorithm>
#include <cctype>

#include "tools/common/tool_error.h"

namespace gregor::tools::consumer_groups {

namespace {

constexpr consumer_group_state filterable_states[] = {
    consumer_group_state::preparing_rebalance, consumer_group_state::completing_rebalance, consumer_group_state::stable,
    consumer_group_state::dead, consumer_group_state::empty};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string valid_names() {
  std::string out;
  for (auto state : filterable_states) {
    if (!out.empty()) out += ", ";
    out += to_string(state);
  }
  return out;
}

}  // namespace

std::vector<consumer_group_state> parse_state_list(const std::string& text) {
  std::vector<consumer_group_state> states;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string name = trim(std::string_view(text).substr(start, comma - start));
    auto it = std::find_if(std::begin(filterable_states), std::end(filterable_states),
                           [&](consumer_group_state s) { return same_ignoring_case(to_string(s), name); });
    if (it == std::end(filterable_states))
      throw tool_error("invalid state list '" + text + "'. Valid states are: " + valid_names());
    if (std::find(states.begin(), states.end(), *it) == states.end()) states.push_back(*it);
    start = comma + 1;
  }
  return states;
}

}  // namespace gregor::tools::consumer_groups
