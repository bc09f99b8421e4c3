// --delete-offsets --group G --topic T[:partitions]: removes the group's committed offsets of
// those partitions (OffsetDelete, KIP-496) and prints a TOPIC PARTITION STATUS table. The broker
// refuses partitions of topics the group's active members are subscribed to; such rows show the
// error and the exit code is 1.
#include <iostream>

#include "tools/common/text_table.h"
#include "tools/consumer_groups/error_text.h"
#include "tools/consumer_groups/group_actions.h"
#include "tools/consumer_groups/topic_selection.h"

namespace gregor::tools::consumer_groups {

namespace {

// Errors about the group as a whole: every partition carries the same one.
bool is_group_error(error_code code) {
  return code == error_code::group_id_not_found || code == error_code::invalid_group_id ||
         code == error_code::non_empty_group || code == error_code::group_authorization_failed;
}

}  // namespace

int run_delete_offsets(const group_options& options, group_admin& admin) {
  const std::string& group = options.groups.front();
  std::vector<topic_partition> partitions = resolve_topic_selections(admin, options.topics);
  auto results = admin.client().delete_consumer_group_offsets(group, partitions, admin.options());

  std::map<topic_partition, std::string> errors;
  for (const auto& tp : partitions) {
    try {
      results[tp].get();
    } catch (const kafka_error& e) {
      if (e.code() == error_code::group_id_not_found) {
        std::cerr << "Error: Consumer group '" << group << "' does not exist.\n";
        return 1;
      }
      if (is_group_error(e.code())) {
        std::cerr << "Error: cannot delete offsets of group '" << group << "': " << error_text(e) << '\n';
        return 1;
      }
      errors[tp] = error_text(e);
    }
  }

  if (errors.empty()) {
    std::cout << "Deleted the offsets of group '" << group << "' for the partitions below.\n";
  } else {
    std::cerr << "Error: some offsets could not be deleted; see the table below.\n";
  }
  std::cerr.flush();
  text_table table({"TOPIC", "PARTITION", "STATUS"});
  for (const auto& tp : partitions) {
    auto it = errors.find(tp);
    table.add_row({tp.topic, std::to_string(tp.partition), it == errors.end() ? "Successful" : "Error: " + it->second});
  }
  std::cout << '\n';
  table.print(std::cout);
  return errors.empty() ? 0 : 1;
}

}  // namespace gregor::tools::consumer_groups
