#include "tools/offsets/get_offsets_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_get_offsets_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("get-offsets", "Print partitions' offsets at a time: earliest, latest, max-timestamp or ms (kafka-get-offsets.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor get-offsets is not built yet"); }};
}

}  // namespace gregor::tools
