// Typed parsing, validation and canonical formatting of configuration values.
#include "config/config_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace gregor::config {
namespace {

std::string invalid(const property_def& def, std::string_view text, std::string_view why) {
  return fmt::format("Invalid value {} for configuration {}: {}", text, def.name, why);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

result<int64_t> parse_integer(const property_def& def, std::string_view s, int64_t lo,
                              int64_t hi) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec == std::errc::invalid_argument || end != s.data() + s.size()) {
    return fail(invalid(def, s, "not a number"));
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    return fail(invalid(def, s, fmt::format("out of range for type {}", type_name(def.type))));
  }
  return v;
}

// "*" or "partition:broker" pairs of non-negative integers.
bool valid_throttled_list(const string_list& items) {
  if (items.size() == 1 && items[0] == "*") return true;
  for (const auto& item : items) {
    auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) return false;
    auto digits = [](std::string_view d) {
      return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(std::string_view(item).substr(0, colon)) ||
        !digits(std::string_view(item).substr(colon + 1))) {
      return false;
    }
  }
  return true;
}

result<void> validate(const property_def& def, std::string_view text, const config_value& v) {
  const validator& c = def.check;
  switch (c.check) {
    case validator::kind::none:
      return {};
    case validator::kind::int_range: {
      int64_t n = std::get<int64_t>(v);
      if ((c.min_int && n < *c.min_int) || (c.max_int && n > *c.max_int)) {
        return fail(invalid(def, text, fmt::format("must be in {}", describe_validator(c))));
      }
      return {};
    }
    case validator::kind::double_range: {
      double d = std::get<double>(v);
      if (d < c.min_double || d > c.max_double) {
        return fail(invalid(def, text, fmt::format("must be in {}", describe_validator(c))));
      }
      return {};
    }
    case validator::kind::one_of: {
      auto ok = [&](std::string_view s) {
        return std::find(c.allowed.begin(), c.allowed.end(), s) != c.allowed.end();
      };
      if (const auto* list = std::get_if<string_list>(&v)) {
        for (const auto& item : *list) {
          if (!ok(item)) {
            return fail(invalid(def, text, fmt::format("{} is not one of {}", item,
                                                       describe_validator(c))));
          }
        }
        return {};
      }
      if (!ok(std::get<std::string>(v))) {
        return fail(invalid(def, text, fmt::format("must be one of {}", describe_validator(c))));
      }
      return {};
    }
    case validator::kind::throttled_replicas:
      if (!valid_throttled_list(std::get<string_list>(v))) {
        return fail(invalid(def, text, "must be * or a list of partition:broker pairs"));
      }
      return {};
  }
  return {};
}

}  // namespace

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

string_list split_list(std::string_view text) {
  string_list out;
  text = trim(text);
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    auto comma = text.find(',', start);
    out.emplace_back(trim(text.substr(start, comma == std::string_view::npos ? text.npos
                                                                             : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string join_list(const string_list& items) { return fmt::format("{}", fmt::join(items, ",")); }

result<config_value> parse_value(const property_def& def, std::string_view raw) {
  std::string_view s = trim(raw);
  config_value v;
  switch (def.type) {
    case config_type::boolean:
      if (iequals(s, "true")) {
        v = true;
      } else if (iequals(s, "false")) {
        v = false;
      } else {
        return fail(invalid(def, raw, "expected true or false"));
      }
      break;
    case config_type::int16:
    case config_type::int32:
    case config_type::int64: {
      int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
      if (def.type == config_type::int32) {
        lo = std::numeric_limits<int32_t>::min();
        hi = std::numeric_limits<int32_t>::max();
      } else if (def.type == config_type::int16) {
        lo = std::numeric_limits<int16_t>::min();
        hi = std::numeric_limits<int16_t>::max();
      }
      auto n = parse_integer(def, s, lo, hi);
      if (!n) return fail(n.error());
      v = *n;
      break;
    }
    case config_type::float64: {
      double d = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) {
        return fail(invalid(def, raw, "not a number"));
      }
      v = d;
      break;
    }
    case config_type::string:
    case config_type::password:
      v = std::string(s);
      break;
    case config_type::list:
      v = split_list(s);
      break;
  }
  if (auto ok = validate(def, raw, v); !ok) return fail(ok.error());
  return v;
}

std::string format_value(const config_value& v) {
  struct visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t n) const { return std::to_string(n); }
    std::string operator()(double d) const {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      std::string s(buf, end);
      // Keep a decimal point so the text reads as a double ("1.0", not "1").
      if (s.find_first_of(".eE") == std::string::npos) s += ".0";
      return s;
    }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const string_list& l) const { return join_list(l); }
  };
  return std::visit(visitor{}, v);
}

result<std::string> canonicalize(const property_def& def, std::string_view text) {
  auto v = parse_value(def, text);
  if (!v) return fail(v.error());
  return format_value(*v);
}

}  // namespace gregor::config
