// Parsing of NAME://host:port listener lists.
#include "config/listener.h"

#include <charconv>
#include <fmt/format.h>

#include "config/config_value.h"

namespace gregor::config {
namespace {

result<listener> parse_one(std::string_view key, std::string_view item) {
  auto bad = [&](std::string_view why) {
    return fail(fmt::format("Invalid value {} for configuration {}: {}", item, key, why));
  };
  auto sep = item.find("://");
  if (sep == std::string_view::npos || sep == 0) return bad("expected NAME://host:port");
  listener l;
  l.name = std::string(item.substr(0, sep));
  for (char& c : l.name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (l.name != "PLAINTEXT") return bad("only PLAINTEXT listeners are supported");
  std::string_view rest = item.substr(sep + 3);
  std::string_view port_text;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return bad("expected [ipv6]:port");
    }
    l.host = std::string(rest.substr(1, close - 1));
    port_text = rest.substr(close + 2);
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return bad("missing port");
    l.host = std::string(rest.substr(0, colon));
    if (l.host.find(':') != std::string::npos) return bad("IPv6 hosts must be in brackets");
    port_text = rest.substr(colon + 1);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return bad("port must be a number in [0,65535]");
  }
  l.port = static_cast<uint16_t>(port);
  return l;
}

}  // namespace

result<std::vector<listener>> parse_listeners(std::string_view key, std::string_view text) {
  std::vector<listener> out;
  for (const std::string& item : split_list(text)) {
    auto l = parse_one(key, item);
    if (!l) return fail(l.error());
    for (const auto& seen : out) {
      if (seen.name == l->name) {
        return fail(fmt::format("Invalid value {} for configuration {}: listener name {} is "
                                "used twice", text, key, l->name));
      }
    }
    out.push_back(std::move(*l));
  }
  return out;
}

std::string to_string(const listener& l) {
  bool v6 = l.host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", l.name, v6 ? "[" : "", l.host, v6 ? "]" : "", l.port);
}

}  // namespace gregor::config
