// group_admin: thin synchronous wrappers over kafka_admin_client for the consumer-groups tool.
#include "tools/consumer_groups/group_admin.h"

#include <algorithm>
#include <set>

#include "gregor/errors.h"
#include "tools/common/tool_error.h"
#include "tools/consumer_groups/error_text.h"

namespace gregor::tools::consumer_groups {

group_admin::group_admin(const gregor::config& cfg, std::chrono::milliseconds timeout)
    : client_(cfg), timeout_(timeout) {}

std::vector<consumer_group_listing> group_admin::list_groups(const std::vector<consumer_group_state>& states) {
  list_consumer_groups_options opts{.timeout = timeout_, .states = states};
  std::vector<consumer_group_listing> groups = client_.list_consumer_groups(opts).get();
  // Brokers before ListGroups v4 ignore the filter; apply it here as well.
  if (!states.empty()) {
    std::erase_if(groups, [&](const consumer_group_listing& g) {
      return g.state && std::find(states.begin(), states.end(), *g.state) == states.end();
    });
  }
  std::sort(groups.begin(), groups.end(),
            [](const consumer_group_listing& a, const consumer_group_listing& b) { return a.group_id < b.group_id; });
  return groups;
}

std::vector<std::string> group_admin::group_ids(const group_options& options) {
  std::vector<std::string> ids;
  if (options.all_groups) {
    for (auto& g : list_groups()) ids.push_back(std::move(g.group_id));
    return ids;
  }
  std::set<std::string> seen;
  for (const auto& g : options.groups)
    if (seen.insert(g).second) ids.push_back(g);
  return ids;
}

std::map<std::string, consumer_group_description> group_admin::describe(const std::vector<std::string>& group_ids) {
  std::map<std::string, consumer_group_description> out;
  if (group_ids.empty()) return out;
  auto results = client_.describe_consumer_groups(group_ids, options());
  for (const auto& id : group_ids) out.emplace(id, results[id].get());
  return out;
}

std::map<topic_partition, offset_and_metadata> group_admin::committed(const std::string& group_id) {
  return client_.list_consumer_group_offsets(group_id, std::nullopt, options()).get();
}

log_offsets group_admin::lookup(const std::vector<topic_partition>& partitions, const offset_spec& spec) {
  log_offsets out;
  if (partitions.empty()) return out;
  std::map<topic_partition, offset_spec> specs;
  for (const auto& tp : partitions) specs.emplace(tp, spec);
  auto results = client_.list_offsets(specs, {.timeout = timeout_, .read_committed = false});
  for (const auto& [tp, future] : results.futures()) {
    try {
      out.offsets[tp] = future.get().offset;
    } catch (const kafka_error& e) {
      out.errors[tp] = error_text(e);
    }
  }
  return out;
}

std::map<std::string, int32_t> group_admin::partition_counts(const std::vector<std::string>& topics) {
  std::map<std::string, int32_t> out;
  if (topics.empty()) return out;
  auto results = client_.describe_topics(topics, options());
  for (const auto& topic : topics) {
    try {
      out[topic] = static_cast<int32_t>(results[topic].get().partitions.size());
    } catch (const kafka_error& e) {
      if (e.code() == error_code::unknown_topic_or_partition) throw tool_error("topic '" + topic + "' does not exist");
      throw;
    }
  }
  return out;
}

}  // namespace gregor::tools::consumer_groups
