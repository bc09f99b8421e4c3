// Kafka's topic name rules: 1..249 characters of [a-zA-Z0-9._-], and not "." or "..".
#pragma once

#include <optional>
#include <string>

namespace gregor::broker {

constexpr size_t max_topic_name_length = 249;

// An explanation if the name is invalid, nullopt if it is fine.
inline std::optional<std::string> invalid_topic_name(const std::string& name) {
  if (name.empty()) return "topic name is empty";
  if (name == "." || name == "..") return "topic name cannot be '.' or '..'";
  if (name.size() > max_topic_name_length)
    return "topic name is longer than " + std::to_string(max_topic_name_length) + " characters";
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return "topic name '" + name + "' contains characters other than ASCII letters, digits, '.', '_' and '-'";
  }
  return std::nullopt;
}

// Kafka refuses a topic whose name differs from an existing one only by '.' versus '_', because
// both map to the same metric names.
inline std::string metric_safe_name(std::string name) {
  for (auto& c : name)
    if (c == '.') c = '_';
  return name;
}

}  // namespace gregor::broker
