#include "tools/consumer_groups/consumer_groups_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_consumer_groups_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("consumer-groups", "List, describe, delete consumer groups and reset their offsets (kafka-consumer-groups.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor consumer-groups is not built yet"); }};
}

}  // namespace gregor::tools
