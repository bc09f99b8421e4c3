#include "client/config/config_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "gregor/errors.h"

namespace gregor::client {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

config_reader::config_reader(const config& cfg, std::string client_kind, std::map<std::string, std::string> aliases)
    : kind_(std::move(client_kind)) {
  for (const auto& [key, value] : cfg.entries()) {
    auto alias = aliases.find(key);
    const std::string& name = alias == aliases.end() ? key : alias->second;
    values_[name] = value;
  }
}

std::optional<std::string> config_reader::raw(const std::string& name) {
  used_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool config_reader::has(const std::string& name) const { return values_.count(name) > 0; }

void config_reader::invalid(const std::string& name, const std::string& value, const std::string& want) const {
  throw config_error(kind_ + " config " + name + "=\"" + value + "\" is invalid: expected " + want);
}

std::string config_reader::get_string(const std::string& name, const std::string& fallback) {
  return raw(name).value_or(fallback);
}

std::optional<std::string> config_reader::get_optional_string(const std::string& name) {
  auto v = raw(name);
  if (v && (trim(*v).empty() || lower(*v) == "none" || lower(*v) == "null")) return std::nullopt;
  return v;
}

int64_t config_reader::get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) {
  auto v = raw(name);
  if (!v) return fallback;
  std::string t = trim(*v);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec != std::errc() || p != t.data() + t.size()) {
    // kafka-python users write floats for some of these (e.g. 0.5 for linger); accept whole numbers.
    double d = 0;
    auto [q, ec2] = std::from_chars(t.data(), t.data() + t.size(), d);
    if (ec2 != std::errc() || q != t.data() + t.size() || d != static_cast<double>(static_cast<int64_t>(d)))
      invalid(name, *v, "an integer");
    out = static_cast<int64_t>(d);
  }
  if (out < min || out > max) {
    invalid(name, *v, "an integer in [" + std::to_string(min) + ", " + (max == INT64_MAX ? "..." : std::to_string(max)) + "]");
  }
  return out;
}

bool config_reader::get_bool(const std::string& name, bool fallback) {
  auto v = raw(name);
  if (!v) return fallback;
  std::string t = lower(trim(*v));
  if (t == "true" || t == "1" || t == "yes") return true;
  if (t == "false" || t == "0" || t == "no") return false;
  invalid(name, *v, "true or false");
}

double config_reader::get_double(const std::string& name, double fallback) {
  auto v = raw(name);
  if (!v) return fallback;
  std::string t = trim(*v);
  double d = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec != std::errc() || p != t.data() + t.size()) invalid(name, *v, "a number");
  return d;
}

std::string config_reader::get_enum(const std::string& name, const std::string& fallback,
                                    const std::vector<std::string>& allowed) {
  auto v = raw(name);
  if (!v) return fallback;
  std::string t = lower(trim(*v));
  for (const auto& a : allowed) {
    if (lower(a) == t) return a;
  }
  std::string want = "one of";
  for (const auto& a : allowed) want += " " + a;
  invalid(name, *v, want);
}

std::vector<std::string> config_reader::get_list(const std::string& name, const std::vector<std::string>& fallback) {
  auto v = raw(name);
  if (!v) return fallback;
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= v->size()) {
    size_t comma = v->find(',', from);
    std::string item = trim(v->substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

void config_reader::finish() const {
  std::string unknown;
  for (const auto& [name, value] : values_) {
    if (!used_.count(name)) unknown += (unknown.empty() ? "" : ", ") + name;
  }
  if (!unknown.empty()) throw config_error("unrecognized " + kind_ + " configs: " + unknown);
}

}  // namespace gregor::client
