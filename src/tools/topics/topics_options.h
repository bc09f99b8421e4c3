// The command line of `gregor topics` (kafka-topics.sh's flags), as parsed by topics_tool.cc and
// carried out by topic_actions.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/common/client_options.h"

namespace gregor::tools {

struct topics_options {
  client_options client;
  std::optional<std::string> zookeeper;  // only to say that ZooKeeper is not supported

  // Actions: exactly one.
  bool create = false;
  bool list = false;
  bool describe = false;
  bool alter = false;
  bool delete_ = false;

  std::optional<std::string> topic;  // a regex for list/describe/delete, a name for create/alter
  std::optional<int32_t> partitions;
  std::optional<int32_t> replication_factor;
  std::optional<std::string> replica_assignment;
  std::vector<std::string> configs;         // k=v, for --create and the legacy --alter form
  std::vector<std::string> delete_configs;  // legacy --alter form
  bool if_exists = false;
  bool if_not_exists = false;
  bool exclude_internal = false;

  // --describe filters.
  bool under_replicated_partitions = false;
  bool unavailable_partitions = false;
  bool topics_with_overrides = false;
};

}  // namespace gregor::tools
