#include "tools/dump_log/dump_log_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_dump_log_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("dump-log", "Print the batches and records of segment files (kafka-dump-log.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor dump-log is not built yet"); }};
}

}  // namespace gregor::tools
