// `gregor producer-perf-test`: Producer throughput and latency test (kafka-producer-perf-test.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_producer_perf_tool(CLI::App& parent);

}  // namespace gregor::tools
