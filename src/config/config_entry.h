// config_entry: one row of a DescribeConfigs answer (BROKER or TOPIC resource), independent of
// the wire message so the handler only copies fields. Plain value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/property.h"

namespace gregor::config {

struct config_synonym {
  std::string name;
  std::optional<std::string> value;
  config_source source = config_source::unknown;
};

struct config_entry {
  std::string name;
  std::optional<std::string> value;  // nullopt: no value (null default, or sensitive)
  config_source source = config_source::unknown;
  bool read_only = false;
  bool is_sensitive = false;
  config_type type = config_type::string;
  std::string_view documentation;
  // Where the value could come from, highest precedence first (the entry's own source first).
  std::vector<config_synonym> synonyms;

  bool is_default() const { return source == config_source::default_config; }
};

}  // namespace gregor::config
