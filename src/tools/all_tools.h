// Every CLI tool of the `gregor` binary, registered as subcommands of one CLI11 app.
#pragma once

#include <vector>

#include "tools/common/tool_command.h"

namespace gregor::tools {

// Adds each tool's subcommand to `app`, in the order `gregor --help` lists them.
std::vector<tool_command> add_all_tools(CLI::App& app);

}  // namespace gregor::tools
