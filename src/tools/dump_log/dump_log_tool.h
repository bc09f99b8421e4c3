// `gregor dump-log`: Print the batches and records of segment files (kafka-dump-log.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_dump_log_tool(CLI::App& parent);

}  // namespace gregor::tools
