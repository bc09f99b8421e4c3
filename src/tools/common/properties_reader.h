// Reads a Java .properties file (--command-config, --producer.config) into key/value pairs.
// Kept apart from gregor/config.h: the broker's config namespace gregor::config (whose parser this
// reuses) and the client's class gregor::config cannot meet in one translation unit.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gregor::tools {

// Entries in file order. Throws tool_error for an unreadable or malformed file.
std::vector<std::pair<std::string, std::string>> read_properties_file(const std::string& path);

}  // namespace gregor::tools
