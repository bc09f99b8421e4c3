// `gregor server`: loads server.properties, starts a broker, and stops it cleanly on SIGTERM/SIGINT.
#pragma once

#include <string>
#include <vector>

namespace gregor {

struct server_command_options {
  std::string properties_path;
  std::vector<std::string> overrides;
  std::string log_level = "info";
};

// Runs until a termination signal; returns the process exit code.
int run_server(const server_command_options& options);

}  // namespace gregor
