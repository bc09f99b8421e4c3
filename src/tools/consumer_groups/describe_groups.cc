// --describe: for each group (sorted by id) a note about its state on stderr when it has no
// active members or is rebalancing, then the chosen view. A group that does not exist is an
// error for that group (exit code 1); the others are still described.
#include <algorithm>
#include <iostream>

#include "tools/consumer_groups/describe_views.h"
#include "tools/consumer_groups/group_actions.h"

namespace gregor::tools::consumer_groups {

namespace {

// Kafka's notes before a group's table; false when the group does not exist.
bool note_state(const consumer_group_description& group) {
  switch (group.state) {
    case consumer_group_state::dead:
      std::cerr << "Error: Consumer group '" << group.group_id << "' does not exist.\n";
      return false;
    case consumer_group_state::empty:
      std::cerr << "\nConsumer group '" << group.group_id << "' has no active members.\n";
      return true;
    case consumer_group_state::preparing_rebalance:
    case consumer_group_state::completing_rebalance:
      std::cerr << "\nWarning: Consumer group '" << group.group_id << "' is rebalancing.\n";
      return true;
    default:
      return true;
  }
}

}  // namespace

int run_describe(const group_options& options, group_admin& admin) {
  std::vector<std::string> ids = admin.group_ids(options);
  std::sort(ids.begin(), ids.end());
  auto groups = admin.describe(ids);
  describe_view view = chosen_view(options);

  int exit_code = 0;
  for (const auto& id : ids) {
    const consumer_group_description& group = groups.at(id);
    std::cout.flush();  // keep the notes on stderr in order with the tables on stdout
    if (!note_state(group)) {
      exit_code = 1;
      continue;
    }
    switch (view) {
      case describe_view::offsets: print_offsets_view(admin, group, std::cout); break;
      case describe_view::members: print_members_view(group, options.verbose, std::cout); break;
      case describe_view::state: print_state_view(group, std::cout); break;
    }
    std::cout.flush();
  }
  return exit_code;
}

}  // namespace gregor::tools::consumer_groups
