// The text forms of kafka-configs.sh: the --add-config and --delete-config lists it reads and the
// config lines --describe prints.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gregor/admin_types.h"

namespace gregor::tools {

// "k1=v1,k2=[a,b],k3=v3" -> {k1,v1},{k2,"a,b"},{k3,v3}: entries split at commas outside square
// brackets, each at its first '='; brackets around a value group a list and are dropped.
// Throws tool_error for an entry without '=' or a key, or unbalanced brackets.
std::vector<std::pair<std::string, std::string>> parse_add_config(const std::string& text);

// "k1,k2" -> {k1, k2}; throws tool_error for an empty name.
std::vector<std::string> parse_delete_config(const std::string& text);

// Kafka's name of a config source, e.g. DYNAMIC_TOPIC_CONFIG.
std::string source_name(config_source source);

// "  name=value sensitive=false synonyms={SOURCE:name=value, ...}" (a missing value is "null").
std::string describe_line(const config_entry& entry);

}  // namespace gregor::tools
