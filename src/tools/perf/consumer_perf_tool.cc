#include "tools/perf/consumer_perf_tool.h"

#include <CLI/CLI.hpp>

#include "tools/common/tool_error.h"

namespace gregor::tools {

// Placeholder until the tool lands (this session); it fails loudly rather than pretending.
tool_command add_consumer_perf_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("consumer-perf-test", "Consumer throughput test (kafka-consumer-perf-test.sh)");
  return {cmd, [] () -> int { throw tool_error("gregor consumer-perf-test is not built yet"); }};
}

}  // namespace gregor::tools
