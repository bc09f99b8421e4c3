// gregor::config: the settings of a producer, consumer or admin client, by name.
//
// Names are kafka-python's (bootstrap_servers, linger_ms, ...); the Java/librdkafka dotted
// spellings (bootstrap.servers, linger.ms) name the same setting. Values may be given as strings,
// numbers or booleans:
//
//   gregor::config cfg{{"bootstrap_servers", "localhost:9092"}, {"acks", "all"}, {"linger_ms", 5}};
//   cfg.set("compression.type", "lz4");
//
// Each client checks its config when constructed: an unknown name or a value of the wrong kind
// throws gregor::config_error naming the setting.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gregor {

// A config value written as text, whatever the caller passed.
class config_value {
 public:
  config_value(const char* text) : text_(text) {}
  config_value(std::string text) : text_(std::move(text)) {}
  config_value(std::string_view text) : text_(text) {}
  config_value(bool b) : text_(b ? "true" : "false") {}
  template <class T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
  config_value(T number) : text_(to_text(number)) {}

  const std::string& text() const { return text_; }

 private:
  template <class T>
  static std::string to_text(T number) {
    if constexpr (std::is_floating_point_v<T>) {
      std::string s = std::to_string(number);
      while (s.size() > 1 && s.back() == '0') s.pop_back();
      if (!s.empty() && s.back() == '.') s.pop_back();
      return s;
    } else {
      return std::to_string(number);
    }
  }
  std::string text_;
};

class config {
 public:
  config() = default;
  config(std::initializer_list<std::pair<std::string_view, config_value>> entries) {
    for (const auto& [key, value] : entries) set(key, value);
  }

  // Sets a value; dotted names are stored under their kafka-python spelling.
  config& set(std::string_view key, const config_value& value) {
    entries_[canonical_name(key)] = value.text();
    return *this;
  }
  std::optional<std::string> get(std::string_view key) const {
    auto it = entries_.find(canonical_name(key));
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  bool contains(std::string_view key) const { return entries_.count(canonical_name(key)) > 0; }
  const std::map<std::string, std::string>& entries() const { return entries_; }

  // "bootstrap.servers" -> "bootstrap_servers".
  static std::string canonical_name(std::string_view key) {
    std::string out(key);
    for (char& c : out) {
      if (c == '.' || c == '-') c = '_';
    }
    return out;
  }

 private:
  std::map<std::string, std::string> entries_;
};

}  // namespace gregor
