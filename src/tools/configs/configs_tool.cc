#include "tools/configs/configs_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_configs_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("configs", "Describe and alter topic, broker and group configs (kafka-configs.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor configs is not built yet"); }};
}

}  // namespace gregor::tools
