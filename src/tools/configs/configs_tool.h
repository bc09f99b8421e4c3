// `gregor configs`: Describe and alter topic, broker and group configs (kafka-configs.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_configs_tool(CLI::App& parent);

}  // namespace gregor::tools
