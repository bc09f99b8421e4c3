// broker_config helpers: resolved values and DescribeConfigs rows for the BROKER resource.
#include "config/broker_config.h"

#include <cstdlib>

#include "config/broker_properties.h"
#include "config/config_value.h"
#include "config/server_properties.h"

namespace gregor::config {

std::optional<std::string> broker_config::resolved_text(std::string_view key) const {
  if (key == "log.retention.ms") return std::to_string(log_retention_ms);
  if (key == "log.roll.ms") return std::to_string(log_roll_ms);
  if (key == "log.roll.jitter.ms") return std::to_string(log_roll_jitter_ms);
  if (key == "log.flush.interval.ms") return std::to_string(log_flush_interval_ms);
  if (key == "log.dirs") return join_list(log_dirs);
  if (auto it = explicit_values.find(key); it != explicit_values.end()) return it->second;
  const property_def* def = find_property(broker_properties(), key);
  if (def == nullptr || !def->default_value) return std::nullopt;
  return std::string(*def->default_value);
}

broker_config default_broker_config() {
  auto loaded = load_broker_config(property_list{});
  // Only a broken table default can fail here, and the tests load the defaults.
  if (!loaded) std::abort();
  return std::move(loaded->config);
}

std::vector<config_entry> describe_static_config(const std::vector<property_def>& table,
                                                 const broker_config& config) {
  std::vector<config_entry> out;
  out.reserve(table.size());
  for (const auto& def : table) {
    config_entry e;
    e.name = std::string(def.name);
    e.type = def.type;
    e.documentation = def.doc;
    e.read_only = true;
    e.is_sensitive = def.type == config_type::password;
    std::optional<std::string> fallback;
    if (def.default_value) fallback = std::string(*def.default_value);
    if (auto it = config.explicit_values.find(def.name); it != config.explicit_values.end()) {
      e.value = it->second;
      e.source = config_source::static_broker_config;
      e.synonyms.push_back({e.name, e.value, e.source});
    } else {
      e.value = fallback;
      e.source = config_source::default_config;
    }
    if (fallback) e.synonyms.push_back({e.name, fallback, config_source::default_config});
    if (e.is_sensitive) {
      e.value.reset();
      for (auto& s : e.synonyms) s.value.reset();
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<config_entry> describe_broker_config(const broker_config& config) {
  return describe_static_config(broker_properties(), config);
}

}  // namespace gregor::config
