// Loading server.properties (plus --override key=value pairs) into a broker_config.
//
// Overrides are applied after the file, in order. Unknown keys are collected as warnings (the
// caller logs them); any invalid value -- wrong type, out of range, not an allowed value,
// inconsistent pair -- is an error naming the key and the value, and the broker must refuse to
// start. Pure functions apart from reading the file; thread-safe.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/broker_config.h"
#include "config/properties_file.h"

namespace gregor::config {

struct loaded_broker_config {
  broker_config config;
  std::vector<std::string> warnings;  // e.g. "Unknown broker config foo.bar ignored"
};

// Splits "key=value" (the text after --override). The value may be empty or contain '='.
result<std::pair<std::string, std::string>> parse_override(std::string_view text);

// Resolves entries (file order, later wins) against the broker table.
result<loaded_broker_config> load_broker_config(const property_list& entries);

// Parses properties text, then applies overrides ("key=value" each).
result<loaded_broker_config> load_broker_config(std::string_view properties_text,
                                                std::span<const std::string> overrides);

// Reads the file at `path` (error if unreadable), then as above.
result<loaded_broker_config> load_broker_config_file(const std::filesystem::path& path,
                                                     std::span<const std::string> overrides);

// Command line of `gregor server`: <path> [--override key=value | --override=key=value]...
struct server_args {
  std::filesystem::path properties_path;
  std::vector<std::string> overrides;
};
result<server_args> parse_server_args(std::span<const std::string> args);

}  // namespace gregor::config
