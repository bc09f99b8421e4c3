#include "tools/all_tools.h"

#include "tools/topics/topics_tool.h"
#include "tools/configs/configs_tool.h"
#include "tools/console_producer/console_producer_tool.h"
#include "tools/console_consumer/console_consumer_tool.h"
#include "tools/consumer_groups/consumer_groups_tool.h"
#include "tools/perf/producer_perf_tool.h"
#include "tools/perf/consumer_perf_tool.h"
#include "tools/offsets/get_offsets_tool.h"
#include "tools/offsets/delete_records_tool.h"
#include "tools/dump_log/dump_log_tool.h"

namespace gregor::tools {

std::vector<tool_command> add_all_tools(CLI::App& app) {
  std::vector<tool_command> tools;
  tools.push_back(add_topics_tool(app));
  tools.push_back(add_configs_tool(app));
  tools.push_back(add_console_producer_tool(app));
  tools.push_back(add_console_consumer_tool(app));
  tools.push_back(add_consumer_groups_tool(app));
  tools.push_back(add_producer_perf_tool(app));
  tools.push_back(add_consumer_perf_tool(app));
  tools.push_back(add_get_offsets_tool(app));
  tools.push_back(add_delete_records_tool(app));
  tools.push_back(add_dump_log_tool(app));
  return tools;
}

}  // namespace gregor::tools
