// `gregor console-consumer`: Print records to stdout (kafka-console-consumer.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_console_consumer_tool(CLI::App& parent);

}  // namespace gregor::tools
