#include "tools/console_consumer/console_consumer_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_console_consumer_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("console-consumer", "Print records to stdout (kafka-console-consumer.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor console-consumer is not built yet"); }};
}

}  // namespace gregor::tools
