#include "tools/topics/topics_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_topics_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("topics", "Create, list, describe, alter and delete topics (kafka-topics.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor topics is not built yet"); }};
}

}  // namespace gregor::tools
