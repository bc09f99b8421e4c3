// property_def: one row of a configuration table (name, type, default, validator, importance,
// doc, and for topic configs the broker properties that supply the default).
//
// The two tables (broker_properties(), topic_properties()) are built once, are immutable and
// may be read from any thread. Enum numbers for config_type and config_source are the ones the
// DescribeConfigs response carries on the wire (ConfigType since v3, ConfigSource since v1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gregor::config {

// Wire numbers of DescribeConfigs ConfigType.
enum class config_type : int8_t {
  boolean = 1,
  string = 2,
  int32 = 3,
  int16 = 4,
  int64 = 5,
  float64 = 6,
  list = 7,
  password = 9,
};

// Wire numbers of DescribeConfigs ConfigSource.
enum class config_source : int8_t {
  unknown = 0,
  dynamic_topic_config = 1,
  dynamic_broker_config = 2,
  dynamic_default_broker_config = 3,
  static_broker_config = 4,
  default_config = 5,
  dynamic_broker_logger_config = 6,
};

enum class importance : uint8_t { high, medium, low };

// What values a property accepts beyond its type. Integer bounds are inclusive and exact
// (int64), double bounds are inclusive; `allowed` lists the accepted strings (for list types,
// every element must be one of them).
struct validator {
  enum class kind : uint8_t { none, int_range, double_range, one_of, throttled_replicas };
  kind check = kind::none;
  std::optional<int64_t> min_int;
  std::optional<int64_t> max_int;
  double min_double = 0;
  double max_double = 0;
  std::vector<std::string_view> allowed;
};

validator no_check();
validator at_least(int64_t min);
validator between(int64_t min, int64_t max);
validator between_double(double min, double max);
validator one_of(std::vector<std::string_view> allowed);
// "*" or a comma list of partition:broker pairs (replication throttling lists).
validator throttled_replica_list();

// Human-readable rule for docs, e.g. "[14,...]" or "delete, compact".
std::string describe_validator(const validator& v);

struct property_def {
  std::string_view name;
  config_type type;
  std::optional<std::string_view> default_value;  // nullopt: no default (null)
  validator check;
  importance level;
  std::string_view doc;
  // Topic configs only: the broker properties that supply the default, the first being the
  // main one (e.g. retention.ms <- log.retention.ms, log.retention.minutes, log.retention.hours).
  std::vector<std::string_view> broker_synonyms = {};
};

std::string_view type_name(config_type t);
std::string_view importance_name(importance i);
std::string_view source_name(config_source s);

// Table lookup by name; nullptr when the table has no such property.
const property_def* find_property(const std::vector<property_def>& table, std::string_view name);

}  // namespace gregor::config
