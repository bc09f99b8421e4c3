// --describe and --alter of `gregor configs`. Output, as kafka-configs.sh:
//
//   Dynamic configs for topic orders are:
//     retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000, DEFAULT_CONFIG:log.retention.ms=null}
//   Completed updating config for topic orders.
#include "tools/configs/config_actions.h"

#include <algorithm>
#include <iostream>
#include <set>

#include "tools/common/tool_error.h"
#include "tools/configs/config_text.h"

namespace gregor::tools {

namespace {

// The entries --describe shows for `entity`, sorted by name.
std::vector<config_entry> shown_entries(const config_entity& entity, const config_description& configs, bool all) {
  std::vector<config_entry> out;
  for (const auto& e : configs.entries)
    if (all || e.source == entity.dynamic_source()) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

config_description fetch(const admin_results<config_resource, config_description>& results,
                         const config_entity& entity) {
  try {
    return results[entity.resource()].get();
  } catch (const kafka_error& e) {
    throw_entity_error(entity, e);
  }
}

}  // namespace

std::vector<config_entity> all_entities(kafka_admin_client& admin, entity_kind kind) {
  std::vector<config_entity> out;
  switch (kind) {
    case entity_kind::topic: {
      // Copies: a future's value must not be used after the (temporary) future is gone.
      auto topics = admin.list_topics({.list_internal = true}).get();
      for (const auto& t : topics) out.push_back({kind, t.name});
      break;
    }
    case entity_kind::broker: {
      auto cluster = admin.describe_cluster().get();
      for (const auto& node : cluster.nodes) out.push_back({kind, std::to_string(node.id)});
      out.push_back({kind, ""});
      break;
    }
    case entity_kind::group:
      throw tool_error("--entity-name (or --group) is required for --entity-type groups");
  }
  return out;
}

int describe_entity_configs(kafka_admin_client& admin, const std::vector<config_entity>& entities, bool all) {
  std::vector<config_resource> resources;
  for (const auto& e : entities) resources.push_back(e.resource());
  auto results = admin.describe_configs(resources, {.include_synonyms = true});
  for (const auto& entity : entities) {
    auto configs = fetch(results, entity);
    if (entity.is_broker_default()) {
      std::cout << "Default configs for brokers in the cluster are:\n";
    } else {
      std::cout << (all ? "All" : "Dynamic") << " configs for " << entity.label() << " are:\n";
    }
    for (const auto& entry : shown_entries(entity, configs, all)) std::cout << describe_line(entry) << "\n";
  }
  return 0;
}

int alter_entity_configs(kafka_admin_client& admin, const config_entity& entity, const config_changes& changes) {
  std::set<std::string> set_names;
  for (const auto& [name, value] : changes.set) set_names.insert(name);
  for (const auto& name : changes.remove)
    if (set_names.count(name)) throw tool_error("config '" + name + "' is both added and deleted");

  if (!changes.remove.empty()) {
    auto current = fetch(admin.describe_configs({entity.resource()}), entity);
    std::string missing;
    for (const auto& name : changes.remove) {
      const auto* entry = current.find(name);
      if (entry && entry->source == entity.dynamic_source()) continue;
      if (!missing.empty()) missing += ',';
      missing += name;
    }
    if (!missing.empty())
      throw tool_error("cannot delete config(s) " + missing + ": not set on " +
                       (entity.is_broker_default() ? std::string("the broker default") : entity.label()));
  }

  std::vector<alter_config_op> ops;
  for (const auto& [name, value] : changes.set) ops.push_back({.name = name, .op = alter_config_op_type::set, .value = value});
  for (const auto& name : changes.remove) ops.push_back({.name = name, .op = alter_config_op_type::delete_});
  try {
    admin.incremental_alter_configs({{entity.resource(), ops}}).all();
  } catch (const kafka_error& e) {
    throw_entity_error(entity, e);
  }
  if (entity.is_broker_default()) {
    std::cout << "Completed updating default config for brokers in the cluster.\n";
  } else {
    std::cout << "Completed updating config for " << entity.label() << ".\n";
  }
  return 0;
}

}  // namespace gregor::tools
