// `gregor console-producer`: Produce lines read from stdin (kafka-console-producer.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_console_producer_tool(CLI::App& parent);

}  // namespace gregor::tools
