#include "tools/console_producer/console_producer_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_console_producer_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("console-producer", "Produce lines read from stdin (kafka-console-producer.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor console-producer is not built yet"); }};
}

}  // namespace gregor::tools
