// The `gregor` binary: one subcommand per tool. `gregor server` runs a broker; the others are the
// CLI tools of src/tools (Kafka's kafka-*.sh with Kafka's flags).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "gregor/server_command.h"
#include "tools/all_tools.h"

int main(int argc, char** argv) {
  CLI::App app{"Gregor: a Kafka-compatible event-streaming platform"};
  app.require_subcommand(1);

  gregor::server_command_options server_options;
  auto* server = app.add_subcommand("server", "Run a broker: gregor server server.properties [--override key=value]...");
  server->add_option("config", server_options.properties_path, "Path of server.properties (Kafka's names and defaults)")
      ->required()
      ->check(CLI::ExistingFile);
  server->add_option("--override", server_options.overrides,
                     "Override a property from the file, as key=value (repeatable)")
      ->take_all();
  server->add_option("--log-level", server_options.log_level, "trace, debug, info, warn, error (default: info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  auto tools = gregor::tools::add_all_tools(app);

  CLI11_PARSE(app, argc, argv);
  if (server->parsed()) return gregor::run_server(server_options);
  for (const auto& tool : tools) {
    if (tool.command->parsed()) return gregor::tools::run_tool(tool);
  }
  return 0;
}
