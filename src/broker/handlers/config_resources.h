// Shared by the config handlers: resource types of DescribeConfigs/AlterConfigs and the lookup
// of a topic or this broker named by a request.
#pragma once

#include <string>

#include "broker/broker.h"

namespace gregor::broker::handlers {

enum class config_resource_type : int8_t { topic = 2, broker = 4, broker_logger = 8 };

// For BROKER resources: empty (cluster default) or this broker's id.
inline bool names_this_broker(const broker& b, const std::string& name) {
  return name.empty() || name == std::to_string(b.node_id());
}

}  // namespace gregor::broker::handlers
