// config_reader: typed access to a gregor::config for one client kind, with strict checking.
//
// A client declares the names it knows (plus librdkafka/Java aliases whose spelling differs beyond
// dots, e.g. "queue.buffering.max.ms" for linger_ms) and reads each with a typed getter; reading
// marks the key used. finish() throws config_error for any name nobody read, so a typo never goes
// unnoticed, as kafka-python refuses unrecognized configs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gregor/config.h"

namespace gregor::client {

class config_reader {
 public:
  // aliases: other spelling -> canonical name (both in kafka-python form, i.e. with underscores).
  config_reader(const config& cfg, std::string client_kind, std::map<std::string, std::string> aliases = {});

  std::string get_string(const std::string& name, const std::string& fallback);
  std::optional<std::string> get_optional_string(const std::string& name);
  int64_t get_int(const std::string& name, int64_t fallback, int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  bool get_bool(const std::string& name, bool fallback);
  double get_double(const std::string& name, double fallback);
  // One of `allowed` (compared case-insensitively; the result is the allowed spelling).
  std::string get_enum(const std::string& name, const std::string& fallback, const std::vector<std::string>& allowed);
  // Comma-separated list ("a,b" -> {"a","b"}); empty entries dropped.
  std::vector<std::string> get_list(const std::string& name, const std::vector<std::string>& fallback);
  bool has(const std::string& name) const;

  // Marks names that are accepted and deliberately ignored (documented as such).
  void accept(const std::string& name) { used_.insert(name); }
  // Throws config_error naming every key that was never read.
  void finish() const;

 private:
  std::optional<std::string> raw(const std::string& name);
  [[noreturn]] void invalid(const std::string& name, const std::string& value, const std::string& want) const;

  std::string kind_;
  std::map<std::string, std::string> values_;  // canonical name -> value
  std::set<std::string> used_;
};

}  // namespace gregor::client
