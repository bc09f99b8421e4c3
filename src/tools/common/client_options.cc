#include "tools/common/client_options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>

#include "tools/common/properties_reader.h"
#include "tools/common/tool_error.h"

namespace gregor::tools {

void add_client_options(CLI::App& app, client_options& options) {
  app.add_option("--bootstrap-server", options.bootstrap_server,
                 "REQUIRED: the server(s) to connect to, as host:port[,host:port...]")
      ->required();
  app.add_option("--command-config", options.command_config,
                 "A properties file of client settings (e.g. request.timeout.ms=5000)")
      ->check(CLI::ExistingFile);
}

gregor::config client_config(const client_options& options,
                             const std::vector<std::pair<std::string, std::string>>& overrides) {
  gregor::config cfg;
  cfg.set("bootstrap_servers", options.bootstrap_server);
  if (!options.command_config.empty()) {
    for (const auto& [key, value] : read_properties_file(options.command_config)) cfg.set(key, value);
  }
  for (const auto& [key, value] : overrides) cfg.set(key, value);
  return cfg;
}

std::pair<std::string, std::string> parse_key_value(const std::string& text, const std::string& flag) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw tool_error("invalid " + flag + " value '" + text + "': expected key=value");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

bool parse_bool_property(const std::string& name, const std::string& text) {
  // Surrounding whitespace is ignored, as Kafka trims these (a properties file keeps it).
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  std::string lower = begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  throw tool_error("invalid --property " + name + "=" + text + ": expected true or false");
}

std::vector<std::pair<std::string, std::string>> parse_key_values(const std::vector<std::string>& texts,
                                                                  const std::string& flag) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(parse_key_value(t, flag));
  return out;
}

}  // namespace gregor::tools
