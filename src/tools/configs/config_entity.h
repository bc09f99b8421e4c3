// config_entity: the topic, broker, cluster-wide broker default or group a `gregor configs`
// command is about, and the words kafka-configs.sh uses for it in its output.
#pragma once

#include <string>

#include "gregor/admin_types.h"
#include "gregor/errors.h"

namespace gregor::tools {

enum class entity_kind { topic, broker, group };

// DescribeConfigs/IncrementalAlterConfigs resource type GROUP (KIP-848 group configs). The client
// library's config_resource_type does not name it; the wire number is passed through as is.
inline constexpr auto group_resource_type = static_cast<config_resource_type>(32);

struct config_entity {
  entity_kind kind = entity_kind::topic;
  std::string name;  // empty: the cluster-wide broker default

  bool is_broker_default() const { return kind == entity_kind::broker && name.empty(); }
  config_resource resource() const;
  // Where a config set on this entity comes from: the source --describe shows without --all.
  config_source dynamic_source() const;
  // "topic orders", "broker 1", "group billing".
  std::string label() const;
};

// "--entity-type" value -> kind; throws tool_error for any other type.
entity_kind parse_entity_type(const std::string& type);

// Rethrows a broker's error about `entity` as the line the user should see: an unknown topic in
// Kafka's words, and for groups that the broker does not know group configs; others unchanged.
[[noreturn]] void throw_entity_error(const config_entity& entity, const kafka_error& error);

}  // namespace gregor::tools
