// Parsing and validating one configuration value against its property_def.
//
// Values are kept as canonical text (what DescribeConfigs reports and what persistence writes)
// and parsed into a typed config_value on demand. Pure functions; thread-safe.
//
// Rules (the same as Kafka's typed config parsing): surrounding whitespace is trimmed; booleans
// are "true"/"false" in any case; integers are decimal and must fit the type; lists are
// comma-separated with each element trimmed, and an empty string is the empty list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"
#include "config/property.h"

namespace gregor::config {

using string_list = std::vector<std::string>;
using config_value = std::variant<bool, int64_t, double, std::string, string_list>;

// Parses and validates `text` for `def`. The error names the key and the value, e.g.
// "Invalid value abc for configuration segment.bytes: not a number".
result<config_value> parse_value(const property_def& def, std::string_view text);

// Canonical text of a parsed value ("true", "1048588", "0.5", "delete,compact").
std::string format_value(const config_value& v);

// parse_value then format_value.
result<std::string> canonicalize(const property_def& def, std::string_view text);

// Splits a comma list, trimming each element; "" gives an empty list.
string_list split_list(std::string_view text);
std::string join_list(const string_list& items);

std::string_view trim(std::string_view s);

}  // namespace gregor::config
