// --create, --list, --alter and --delete of `gregor topics` (--describe is in topic_describe.cc).
#include "tools/topics/topic_actions.h"

#include <iostream>

#include "tools/common/tool_error.h"
#include "tools/topics/replica_assignment.h"
#include "tools/topics/topic_lookup.h"

namespace gregor::tools {

namespace {

std::map<std::string, std::string> config_map(const std::vector<std::string>& texts) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : parse_key_values(texts, "--config")) out[key] = value;
  return out;
}

// Grows the topic to --partitions, placing the new partitions per --replica-assignment if given.
// As in Kafka, the assignment lists every partition; those that exist already are skipped.
void grow_partitions(kafka_admin_client& admin, const topics_options& options, int32_t current_count) {
  new_partitions growth{.total_count = *options.partitions};
  if (options.replica_assignment) {
    auto assignment = parse_replica_assignment(*options.replica_assignment);
    if (static_cast<int32_t>(assignment.size()) != *options.partitions)
      throw tool_error("--replica-assignment lists " + std::to_string(assignment.size()) +
                       " partitions but --partitions is " + std::to_string(*options.partitions));
    if (current_count < *options.partitions)
      growth.assignments.assign(assignment.begin() + current_count, assignment.end());
  }
  admin.create_partitions({{*options.topic, growth}}).all();
}

// The legacy `--alter --config k=v --delete-config k` of old kafka-topics.sh, done with
// IncrementalAlterConfigs (SET and DELETE) so other overrides of the topic stay as they are.
void alter_topic_configs(kafka_admin_client& admin, const topics_options& options) {
  std::vector<alter_config_op> ops;
  for (const auto& [key, value] : config_map(options.configs))
    ops.push_back({.name = key, .op = alter_config_op_type::set, .value = value});
  for (const auto& key : options.delete_configs) ops.push_back({.name = key, .op = alter_config_op_type::delete_});
  config_resource resource{config_resource_type::topic, *options.topic};
  admin.incremental_alter_configs({{resource, ops}}).all();
  std::cout << "Updated config for topic " << *options.topic << ".\n";
}

}  // namespace

int create_topic(kafka_admin_client& admin, const topics_options& options) {
  new_topic topic{.name = *options.topic, .configs = config_map(options.configs)};
  if (options.replica_assignment) {
    auto assignment = parse_replica_assignment(*options.replica_assignment);
    for (size_t p = 0; p < assignment.size(); ++p) topic.replica_assignments[static_cast<int32_t>(p)] = assignment[p];
  } else {
    topic.num_partitions = options.partitions.value_or(-1);
    topic.replication_factor = static_cast<int16_t>(options.replication_factor.value_or(-1));
  }
  try {
    admin.create_topics({topic}).all();
  } catch (const kafka_error& e) {
    if (e.code() != error_code::topic_already_exists) throw;
    if (options.if_not_exists) return 0;
    throw tool_error("Topic '" + topic.name + "' already exists.");
  }
  std::cout << "Created topic " << topic.name << ".\n";
  return 0;
}

int list_topics(kafka_admin_client& admin, const topics_options& options) {
  for (const auto& topic : matching_topics(admin, options.topic, !options.exclude_internal))
    std::cout << topic.name << "\n";
  return 0;
}

int alter_topic(kafka_admin_client& admin, const topics_options& options) {
  auto existing = find_topic(admin, *options.topic);
  if (!existing) {
    if (options.if_exists) return 0;
    throw_topic_missing(*options.topic);
  }
  if (options.partitions) grow_partitions(admin, options, static_cast<int32_t>(existing->partitions.size()));
  if (!options.configs.empty() || !options.delete_configs.empty()) alter_topic_configs(admin, options);
  return 0;
}

int delete_topics(kafka_admin_client& admin, const topics_options& options) {
  auto matches = matching_topics(admin, options.topic, true);
  if (matches.empty()) {
    if (options.if_exists) return 0;
    throw_topic_missing(*options.topic);
  }
  std::vector<std::string> names;
  for (const auto& topic : matches) {
    // Deleting __consumer_offsets would drop every group's committed offsets: refuse, even when
    // a broad regex only happens to match it.
    if (topic.internal)
      throw tool_error("Topic '" + topic.name + "' is an internal topic and cannot be deleted; nothing was deleted");
    names.push_back(topic.name);
  }
  admin.delete_topics(names).all();
  return 0;
}

}  // namespace gregor::tools
