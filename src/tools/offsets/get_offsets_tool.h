// `gregor get-offsets`: Print partitions' offsets at a time: earliest, latest, max-timestamp or ms (kafka-get-offsets.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_get_offsets_tool(CLI::App& parent);

}  // namespace gregor::tools
