#include "tools/offsets/delete_records_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_delete_records_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("delete-records", "Delete records before given offsets (kafka-delete-records.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor delete-records is not built yet"); }};
}

}  // namespace gregor::tools
