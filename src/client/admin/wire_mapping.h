// wire_mapping: conversions between protocol messages and the admin client's public types.
// Pure functions, any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/net/cluster_metadata.h"
#include "gregor/admin_types.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/describe_configs.h"

namespace gregor::client::admin {

cluster_node to_cluster_node(const broker_node& b);

// A DescribeConfigs entry. v0 says is_default itself and has no source (config_source -1);
// later versions give the source and is_default follows from it.
config_entry to_config_entry(
    const protocol::describe_configs_response::describe_configs_result::describe_configs_resource_result& e);
// An effective config reported by CreateTopics v5+.
config_entry to_config_entry(
    const protocol::create_topics_response::creatable_topic_result::creatable_topic_configs& e);

// A broker resource's node id: "" (the cluster default) and names that are not ids give nullopt.
std::optional<int32_t> broker_id_of(const config_resource& r);

// Partitions grouped per topic, as the per-topic arrays of partition requests want them.
template <class Partitions>
std::map<std::string, std::vector<int32_t>> by_topic(const Partitions& partitions) {
  std::map<std::string, std::vector<int32_t>> out;
  for (const auto& tp : partitions) out[tp.topic].push_back(tp.partition);
  return out;
}

}  // namespace gregor::client::admin
