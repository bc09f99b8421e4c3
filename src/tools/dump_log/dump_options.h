// dump_options: what `gregor dump-log`'s flags ask for (see dump_log_tool.cc for the flags).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gregor::tools {

struct dump_options {
  std::vector<std::string> files;
  bool print_data_log = false;        // keys and payloads of records (implies deep_iteration)
  bool deep_iteration = false;        // one line per record, also inside compressed batches
  bool skip_record_metadata = false;  // record lines without offset/timestamp/sizes/sequence/headers
  bool offsets_decoder = false;       // keys and payloads as __consumer_offsets records (implies print_data_log)
  bool verify_index_only = false;     // index files: report mismatches only, no entries
  bool index_sanity_check = false;    // index files: only say whether the broker would keep every entry
  int64_t max_message_size = 5 * 1024 * 1024;  // largest batch an index check reads
  std::optional<int64_t> max_bytes;            // .log files: read only batches within this many bytes

  bool deep() const { return deep_iteration || print_data_log || offsets_decoder; }
  bool print_contents() const { return print_data_log || offsets_decoder; }
};

}  // namespace gregor::tools
