// The entity of a `gregor configs` command: its resource, dynamic source, label and errors.
#include "tools/configs/config_entity.h"

#include "tools/common/tool_error.h"

namespace gregor::tools {

config_resource config_entity::resource() const {
  switch (kind) {
    case entity_kind::topic: return {config_resource_type::topic, name};
    case entity_kind::broker: return {config_resource_type::broker, name};
    case entity_kind::group: return {group_resource_type, name};
  }
  return {};
}

config_source config_entity::dynamic_source() const {
  switch (kind) {
    case entity_kind::topic: return config_source::dynamic_topic_config;
    case entity_kind::broker:
      return name.empty() ? config_source::dynamic_default_broker_config : config_source::dynamic_broker_config;
    case entity_kind::group: return config_source::group_config;
  }
  return config_source::unknown;
}

std::string config_entity::label() const {
  switch (kind) {
    case entity_kind::topic: return "topic " + name;
    case entity_kind::broker: return "broker " + name;
    case entity_kind::group: return "group " + name;
  }
  return name;
}

entity_kind parse_entity_type(const std::string& type) {
  if (type == "topics") return entity_kind::topic;
  if (type == "brokers") return entity_kind::broker;
  if (type == "groups") return entity_kind::group;
  throw tool_error("--entity-type must be topics, brokers or groups, not '" + type + "'");
}

void throw_entity_error(const config_entity& entity, const kafka_error& error) {
  if (entity.kind == entity_kind::topic && error.code() == error_code::unknown_topic_or_partition)
    throw tool_error("Topic '" + entity.name + "' does not exist.");
  // A broker without KIP-848 group configs rejects the GROUP resource type itself.
  if (entity.kind == entity_kind::group &&
      (error.code() == error_code::invalid_request || error.code() == error_code::unsupported_version))
    throw tool_error("the broker does not support group configs (resource type GROUP): " + std::string(error.what()));
  throw error;
}

}  // namespace gregor::tools
