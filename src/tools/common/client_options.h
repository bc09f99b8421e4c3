// The connection flags every client tool shares, as Kafka's tools spell them:
//   --bootstrap-server HOST:PORT[,HOST:PORT]   where to connect (required)
//   --command-config FILE                      client properties (Java .properties; Kafka's dotted
//                                              names or kafka-python's, e.g. request.timeout.ms=5000)
// and the turning of them, plus per-tool k=v properties, into a gregor::config for the client
// library.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gregor/config.h"

namespace CLI {
class App;
}

namespace gregor::tools {

struct client_options {
  std::string bootstrap_server;
  std::string command_config;  // empty: none
};

// Adds --bootstrap-server (required) and --command-config to `app`.
void add_client_options(CLI::App& app, client_options& options);

// bootstrap_servers from the flags, then the --command-config file's entries, then `overrides` in
// order (later wins). Throws tool_error for an unreadable or malformed file.
gregor::config client_config(const client_options& options,
                             const std::vector<std::pair<std::string, std::string>>& overrides = {});

// "k=v" -> {k, v}; throws tool_error naming `flag` when there is no '=' or the key is empty.
std::pair<std::string, std::string> parse_key_value(const std::string& text, const std::string& flag);
// "true"/"false" in any case (surrounding whitespace ignored), the value of a --property entry
// `name`; throws tool_error otherwise.
bool parse_bool_property(const std::string& name, const std::string& text);
// Each entry of `texts` through parse_key_value.
std::vector<std::pair<std::string, std::string>> parse_key_values(const std::vector<std::string>& texts,
                                                                  const std::string& flag);

}  // namespace gregor::tools
