// --delete: deletes groups that have no active members, with their committed offsets. Groups
// that cannot be deleted are listed on stderr with the reason (exit code 1); the rest are still
// deleted.
#include <iostream>

#include "tools/consumer_groups/error_text.h"
#include "tools/consumer_groups/group_actions.h"

namespace gregor::tools::consumer_groups {

namespace {

std::string quoted_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "'" : ", '") + id + "'";
  return out;
}

}  // namespace

int run_delete(const group_options& options, group_admin& admin) {
  std::vector<std::string> ids = admin.group_ids(options);
  if (ids.empty()) {
    std::cout << "There are no consumer groups to delete.\n";
    return 0;
  }
  auto results = admin.client().delete_consumer_groups(ids, admin.options());

  std::vector<std::string> deleted;
  std::vector<std::pair<std::string, std::string>> failed;
  for (const auto& id : ids) {
    try {
      results[id].get();
      deleted.push_back(id);
    } catch (const kafka_error& e) {
      failed.emplace_back(id, error_text(e));
    }
  }

  if (failed.empty()) {
    std::cout << "Deletion of requested consumer groups (" << quoted_list(deleted) << ") was successful.\n";
    return 0;
  }
  std::cerr << "Error: Deletion of some consumer groups failed:\n";
  for (const auto& [id, reason] : failed) std::cerr << "* Group '" << id << "' could not be deleted due to: " << reason << '\n';
  if (!deleted.empty()) std::cout << "These consumer groups were deleted successfully: " << quoted_list(deleted) << '\n';
  return 1;
}

}  // namespace gregor::tools::consumer_groups
