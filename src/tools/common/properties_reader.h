// Reads a Java .properties file (--command-config, --producer.config) into key/value pairs.
// Kept apart from gregor/config.h: the broker's config namespace gregor::config (whose parser this
// reuses) and the client's class gregor::config cannot meet in one translation unit.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gregor::tools {

// Entries in file order, values without trailing whitespace (client settings, which Kafka trims).
// Throws tool_error for an unreadable or malformed file.
std::vector<std::pair<std::string, std::string>> read_properties_file(const std::string& path);

// As above, but values keep their trailing whitespace, as java.util.Properties leaves it: for
// settings where it is the point, e.g. a console tool's "key.separator=\t" or "key.separator= | ".
std::vector<std::pair<std::string, std::string>> read_properties_file_verbatim(const std::string& path);

}  // namespace gregor::tools
