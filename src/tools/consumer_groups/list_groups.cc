// --list: one group id per line, or with --state [S1,S2] a GROUP STATE table (only groups in
// those states when a list is given).
#include <algorithm>
#include <iostream>

#include "tools/common/text_table.h"
#include "tools/consumer_groups/group_actions.h"
#include "tools/consumer_groups/group_states.h"

namespace gregor::tools::consumer_groups {

int run_list(const group_options& options, group_admin& admin) {
  std::vector<consumer_group_state> states;
  if (!options.state_filter.empty()) states = parse_state_list(options.state_filter);
  std::vector<consumer_group_listing> groups = admin.list_groups(states);

  if (!options.state) {
    for (const auto& g : groups) std::cout << g.group_id << '\n';
    return 0;
  }

  // ListGroups before v4 carries no state: ask the coordinators for the ones missing.
  std::vector<std::string> stateless;
  for (const auto& g : groups)
    if (!g.state) stateless.push_back(g.group_id);
  auto described = admin.describe(stateless);

  text_table table({"GROUP", "STATE"});
  for (const auto& g : groups) {
    consumer_group_state state = g.state ? *g.state : described.at(g.group_id).state;
    if (!states.empty() && std::find(states.begin(), states.end(), state) == states.end()) continue;
    table.add_row({g.group_id, std::string(to_string(state))});
  }
  table.print(std::cout);
  return 0;
}

}  // namespace gregor::tools::consumer_groups
