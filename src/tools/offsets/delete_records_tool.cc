// `gregor delete-records` (kafka-delete-records.sh): deletes every record before the offsets in
// --offset-json-file (see offset_json.h) and prints, as Kafka's tool does,
//
//   Executing records delete operation
//   Records delete operation completed:
//   partition: orders-0	low_watermark: 3
//   partition: orders-1	error: OFFSET_OUT_OF_RANGE: ...
//
// one line per partition, sorted by topic then partition. Unlike Kafka's tool, the exit code is
// 1 when any partition failed, so scripts notice.
#include "tools/offsets/delete_records_tool.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "gregor/admin.h"
#include "tools/common/client_options.h"
#include "tools/common/tool_error.h"
#include "tools/offsets/offset_json.h"

namespace gregor::tools {

namespace {

struct delete_records_options {
  client_options client;
  std::string offset_json_file;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tool_error("cannot read offset JSON file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_delete_records(const delete_records_options& options) {
  auto entries = parse_offset_json(read_file(options.offset_json_file));
  std::map<topic_partition, int64_t> before_offsets(entries.begin(), entries.end());

  kafka_admin_client admin(client_config(options.client));
  std::cout << "Executing records delete operation" << std::endl;
  auto results = admin.delete_records(before_offsets);
  for (const auto& [tp, future] : results.futures()) future.wait();
  std::cout << "Records delete operation completed:\n";
  bool all_ok = true;
  for (const auto& [tp, future] : results.futures()) {
    std::cout << "partition: " << tp.topic << '-' << tp.partition << '\t';
    try {
      int64_t low_watermark = future.get().low_watermark;
      std::cout << "low_watermark: " << low_watermark << '\n';
    } catch (const kafka_error& e) {
      std::cout << "error: " << e.what() << '\n';
      all_ok = false;
    }
  }
  std::cout.flush();
  return all_ok ? 0 : 1;
}

}  // namespace

tool_command add_delete_records_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("delete-records", "Delete records before given offsets (kafka-delete-records.sh)");
  auto options = std::make_shared<delete_records_options>();
  add_client_options(*cmd, options->client);
  cmd->add_option("--offset-json-file", options->offset_json_file,
                  "REQUIRED: a JSON file of the partitions and offsets before which to delete, e.g. "
                  "{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"offset\":3}],\"version\":1} "
                  "(offset -1: the high watermark, i.e. everything)")
      ->required();
  return {cmd, [options] { return run_delete_records(*options); }};
}

}  // namespace gregor::tools
