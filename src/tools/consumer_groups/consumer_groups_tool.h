// `gregor consumer-groups`: List, describe, delete consumer groups and reset their offsets (kafka-consumer-groups.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_consumer_groups_tool(CLI::App& parent);

}  // namespace gregor::tools
