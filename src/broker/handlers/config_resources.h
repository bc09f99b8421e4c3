// Shared by the config handlers: resource types of DescribeConfigs/AlterConfigs and the lookup
// of a topic or this broker named by a request.
#pragma once

#include <string>

#include "broker/broker.h"

namespace gregor::broker::handlers {

enum class config_resource_type : int8_t { topic = 2, broker = 4, broker_logger = 8 };

// The topic an AlterConfigs or IncrementalAlterConfigs resource names, or the error to answer:
// broker configs are static in Gregor (server.properties), other resource types are unknown.
inline std::shared_ptr<topic> find_alterable_topic(broker& b, int8_t resource_type, const std::string& name,
                                                   protocol::error_code& error, std::string& message) {
  using protocol::error_code;
  if (static_cast<config_resource_type>(resource_type) == config_resource_type::broker) {
    error = error_code::invalid_request;
    message = "Broker configs are static in Gregor; set them in server.properties.";
    return nullptr;
  }
  if (static_cast<config_resource_type>(resource_type) != config_resource_type::topic) {
    error = error_code::invalid_request;
    message = "Unsupported resource type " + std::to_string(resource_type);
    return nullptr;
  }
  auto t = b.topics().find(name);
  if (!t) {
    error = error_code::unknown_topic_or_partition;
    message = "Topic '" + name + "' does not exist.";
  }
  return t;
}

// For BROKER resources: empty (cluster default) or this broker's id.
inline bool names_this_broker(const broker& b, const std::string& name) {
  return name.empty() || name == std::to_string(b.node_id());
}

}  // namespace gregor::broker::handlers
