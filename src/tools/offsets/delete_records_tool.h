// `gregor delete-records`: Delete records before given offsets (kafka-delete-records.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_delete_records_tool(CLI::App& parent);

}  // namespace gregor::tools
