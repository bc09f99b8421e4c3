// `gregor consumer-perf-test`: Consumer throughput test (kafka-consumer-perf-test.sh).
#pragma once

#include "tools/common/tool_command.h"

namespace gregor::tools {

tool_command add_consumer_perf_tool(CLI::App& parent);

}  // namespace gregor::tools
