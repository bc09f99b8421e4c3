// tool_command: one CLI tool as a subcommand of the `gregor` binary.
//
// Each tool's add_*_tool(parent) declares its flags on a new CLI11 subcommand (Kafka's flag names,
// a one-line description each) and returns the function that runs it once the command line has
// been parsed. The function returns the process exit code; it may throw tool_error or any client
// error, which run_tool() turns into one line on stderr and exit code 1.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace gregor::tools {

struct tool_command {
  CLI::App* command = nullptr;  // the subcommand; command->parsed() tells whether it was chosen
  std::function<int()> run;     // called after parsing when `command` was chosen
};

// Runs a tool, mapping what it throws to a one-line "Error: ..." on stderr and exit code 1.
int run_tool(const tool_command& tool);

}  // namespace gregor::tools
