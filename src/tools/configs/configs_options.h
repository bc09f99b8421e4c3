// The command line of `gregor configs` (kafka-configs.sh's flags), as parsed by configs_tool.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/common/client_options.h"

namespace gregor::tools {

struct configs_options {
  client_options client;
  std::optional<std::string> zookeeper;  // only to say that ZooKeeper is not supported

  // Actions: exactly one.
  bool describe = false;
  bool alter = false;
  bool all = false;  // --describe every config, not only the dynamic ones

  // The entity, spelled out...
  std::optional<std::string> entity_type;  // topics | brokers | groups
  std::optional<std::string> entity_name;
  bool entity_default = false;  // brokers: the cluster-wide default
  // ...or by Kafka's shortcuts.
  std::optional<std::string> topic;
  std::optional<std::string> broker;
  bool broker_defaults = false;
  std::optional<std::string> group;

  std::optional<std::string> add_config;       // "k1=v1,k2=[a,b]"
  std::optional<std::string> add_config_file;  // a .properties file of configs to set
  std::vector<std::string> delete_configs;     // each "k1,k2"
};

}  // namespace gregor::tools
