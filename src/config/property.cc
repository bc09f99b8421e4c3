// Validator builders, names for the enums, and table lookup.
#include "config/property.h"

#include <fmt/format.h>

namespace gregor::config {

validator no_check() { return {}; }

validator at_least(int64_t min) {
  validator v;
  v.check = validator::kind::int_range;
  v.min_int = min;
  return v;
}

validator between(int64_t min, int64_t max) {
  validator v = at_least(min);
  v.max_int = max;
  return v;
}

validator between_double(double min, double max) {
  validator v;
  v.check = validator::kind::double_range;
  v.min_double = min;
  v.max_double = max;
  return v;
}

validator one_of(std::vector<std::string_view> allowed) {
  validator v;
  v.check = validator::kind::one_of;
  v.allowed = std::move(allowed);
  return v;
}

validator throttled_replica_list() {
  validator v;
  v.check = validator::kind::throttled_replicas;
  return v;
}

std::string describe_validator(const validator& v) {
  switch (v.check) {
    case validator::kind::none:
      return "";
    case validator::kind::int_range:
      return fmt::format("[{},{}]", v.min_int ? fmt::format("{}", *v.min_int) : "...",
                         v.max_int ? fmt::format("{}", *v.max_int) : "...");
    case validator::kind::double_range:
      return fmt::format("[{},{}]", v.min_double, v.max_double);
    case validator::kind::one_of:
      return fmt::format("{}", fmt::join(v.allowed, ", "));
    case validator::kind::throttled_replicas:
      return "`*` or partition:broker pairs, comma separated";
  }
  return "";
}

std::string_view type_name(config_type t) {
  switch (t) {
    case config_type::boolean: return "boolean";
    case config_type::string: return "string";
    case config_type::int32: return "int";
    case config_type::int16: return "short";
    case config_type::int64: return "long";
    case config_type::float64: return "double";
    case config_type::list: return "list";
    case config_type::password: return "password";
  }
  return "unknown";
}

std::string_view importance_name(importance i) {
  switch (i) {
    case importance::high: return "high";
    case importance::medium: return "medium";
    case importance::low: return "low";
  }
  return "unknown";
}

std::string_view source_name(config_source s) {
  switch (s) {
    case config_source::unknown: return "UNKNOWN";
    case config_source::dynamic_topic_config: return "DYNAMIC_TOPIC_CONFIG";
    case config_source::dynamic_broker_config: return "DYNAMIC_BROKER_CONFIG";
    case config_source::dynamic_default_broker_config: return "DYNAMIC_DEFAULT_BROKER_CONFIG";
    case config_source::static_broker_config: return "STATIC_BROKER_CONFIG";
    case config_source::default_config: return "DEFAULT_CONFIG";
    case config_source::dynamic_broker_logger_config: return "DYNAMIC_BROKER_LOGGER_CONFIG";
  }
  return "UNKNOWN";
}

const property_def* find_property(const std::vector<property_def>& table, std::string_view name) {
  for (const auto& def : table) {
    if (def.name == name) return &def;
  }
  return nullptr;
}

}  // namespace gregor::config
