// listener: one parsed entry of `listeners` / `advertised.listeners`, NAME://host:port.
//
// An empty host means every interface for `listeners` (the broker binds what is written; it
// never substitutes an address). IPv6 hosts are written in brackets: PLAINTEXT://[::1]:9092.
// Gregor speaks PLAINTEXT only, so any other listener name is rejected. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace gregor::config {

struct listener {
  std::string name;  // listener name, always "PLAINTEXT" for now
  std::string host;  // "" = all interfaces; IPv6 without brackets
  uint16_t port = 0;

  bool operator==(const listener&) const = default;
};

// Parses a comma list of listeners. `key` names the property in error messages. Port 0 is
// accepted (the OS picks one; tests use it). Listener names must be unique.
result<std::vector<listener>> parse_listeners(std::string_view key, std::string_view text);

// "PLAINTEXT://host:port", bracketing IPv6 hosts.
std::string to_string(const listener& l);

}  // namespace gregor::config
