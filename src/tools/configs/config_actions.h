// --describe and --alter of `gregor configs`, against a connected admin client, printing what
// kafka-configs.sh prints. They return the exit code and throw tool_error (or a client error) for
// what the user must be told on stderr.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gregor/admin.h"
#include "tools/configs/config_entity.h"

namespace gregor::tools {

// Every entity of a kind, for --describe without --entity-name: all topics (internal ones too),
// or every broker followed by the cluster-wide default. Groups must be named.
std::vector<config_entity> all_entities(kafka_admin_client& admin, entity_kind kind);

// Prints each entity's dynamic configs (every config with `all`), sorted by name.
int describe_entity_configs(kafka_admin_client& admin, const std::vector<config_entity>& entities, bool all);

struct config_changes {
  std::vector<std::pair<std::string, std::string>> set;  // --add-config / --add-config-file
  std::vector<std::string> remove;                       // --delete-config
};

// Applies the changes with IncrementalAlterConfigs (SET and DELETE) in one all-or-nothing step.
// As kafka-configs.sh, refuses to delete a config that is not set on the entity.
int alter_entity_configs(kafka_admin_client& admin, const config_entity& entity, const config_changes& changes);

}  // namespace gregor::tools
