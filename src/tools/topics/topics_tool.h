// `gregor topics`: Create, list, describe, alter and delete topics (kafka-topics.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_topics_tool(CLI::App& parent);

}  // namespace gregor::tools
