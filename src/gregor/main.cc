// The `gregor` binary: one subcommand per tool. `gregor server` runs a broker; the others are the
// CLI tools of src/tools (Kafka's kafka-*.sh with Kafka's flags).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "gregor/server_command.h"
#include "tools/all_tools.h"

namespace {

// CLI11 checks required options before it complains about unknown ones, so `gregor topics --tpic x`
// would say "--bootstrap-server is required". Name the unknown flag instead, as Kafka's tools do.
const char* first_unknown_flag(CLI::App& app, int argc, char** argv) {
  if (argc < 2) return nullptr;
  CLI::App* tool = nullptr;
  for (auto* sub : app.get_subcommands({}))
    if (sub->get_name() == argv[1]) tool = sub;
  if (tool == nullptr) return nullptr;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-' || (arg[1] >= '0' && arg[1] <= '9')) continue;  // values such as -1
    if (auto eq = arg.find('='); eq != std::string::npos) arg.resize(eq);
    if (tool->get_option_no_throw(arg) == nullptr) return argv[i];
  }
  return nullptr;
}

// Usage errors are one line on stderr, like every other failure of the tools.
std::string one_line_usage_error(const CLI::App*, const CLI::Error& e) {
  std::string what = e.what();
  for (char& c : what)
    if (c == '\n') c = ' ';
  return "Error: " + what + " (run with --help for the flags)\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Gregor: a Kafka-compatible event-streaming platform"};
  app.require_subcommand(1);
  app.failure_message(one_line_usage_error);  // before the subcommands: they copy it

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::RequiredError& e) {
    if (const char* unknown = first_unknown_flag(app, argc, argv)) {
      std::cerr << "Error: The following argument was not expected: " << unknown << " (run with --help for the flags)\n";
      return static_cast<int>(CLI::ExitCodes::ExtrasError);
    }
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (server->parsed()) return gregor::run_server(server_options);
  for (const auto& tool : tools) {
    if (tool.command->parsed()) return gregor::tools::run_tool(tool);
  }
  return 0;
}
