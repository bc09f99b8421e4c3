// `gregor dump-log` (kafka-dump-log.sh): prints the batches and records of segment .log files and
// the entries of .index / .timeindex files, read straight from disk (no broker involved). Each
// file starts with "Dumping <file>"; see log_dump.h and index_dump.h for what follows. Problems
// found on the way (index entries that disagree with the log, non-consecutive offsets) are
// printed on stderr at the end, as Kafka's tool does; they do not change the exit code. A file
// that is missing, unreadable or not a segment file is an error before anything is dumped.
#include "tools/dump_log/dump_log_tool.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>

#include "tools/common/tool_error.h"
#include "tools/dump_log/dump_findings.h"
#include "tools/dump_log/dump_options.h"
#include "tools/dump_log/index_dump.h"
#include "tools/dump_log/log_dump.h"
#include "tools/dump_log/read_only_file.h"

namespace gregor::tools {

namespace {

enum class file_kind { log, offset_index, time_index };

struct dump_target {
  std::string path;  // as given
  file_kind kind;
  int64_t base_offset;   // from the name
  std::string log_path;  // the .log beside it (itself for a .log)
};

// Checks one --files entry and works out what it is; throws tool_error when it cannot be dumped.
dump_target inspect(const std::string& path) {
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  auto dot = name.rfind('.');
  std::string suffix = dot == std::string::npos ? "" : name.substr(dot);
  dump_target target{path, file_kind::log, 0, path};
  if (suffix == ".index")
    target.kind = file_kind::offset_index;
  else if (suffix == ".timeindex")
    target.kind = file_kind::time_index;
  else if (suffix != ".log")
    throw tool_error("cannot dump " + path + ": only .log, .index and .timeindex segment files can be dumped");

  std::string stem = name.substr(0, name.find('.'));
  auto [end, ec] = std::from_chars(stem.data(), stem.data() + stem.size(), target.base_offset);
  if (stem.empty() || ec != std::errc() || end != stem.data() + stem.size() || target.base_offset < 0)
    throw tool_error("cannot dump " + path +
                     ": a segment file's name starts with its base offset, e.g. 00000000000000000000.log");

  open_read_only(path);  // exists, is a regular file and is readable
  if (target.kind != file_kind::log) {
    target.log_path = (p.parent_path() / (stem + ".log")).string();
    if (!std::filesystem::exists(target.log_path))
      throw tool_error("cannot dump " + path + ": the log it indexes, " + target.log_path + ", does not exist");
  }
  return target;
}

std::vector<std::string> split_files(const std::string& list) {
  std::vector<std::string> files;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    std::string file = list.substr(start, comma - start);
    if (!file.empty()) files.push_back(file);
    start = comma + 1;
  }
  if (files.empty()) throw tool_error("--files names no file");
  return files;
}

int run_dump_log(const dump_options& options) {
  std::vector<dump_target> targets;
  for (const auto& file : options.files) targets.push_back(inspect(file));

  dump_findings findings;
  bool sane = true;
  for (const auto& target : targets) {
    std::cout << "Dumping " << target.path << '\n';
    switch (target.kind) {
      case file_kind::log:
        dump_log_file(target.path, target.base_offset, options, findings, std::cout);
        break;
      case file_kind::offset_index:
        sane &= dump_offset_index(target.path, target.log_path, target.base_offset, options, findings, std::cout);
        break;
      case file_kind::time_index:
        sane &= dump_time_index(target.path, target.log_path, target.base_offset, options, findings, std::cout);
        break;
    }
  }
  std::cout.flush();
  findings.print(std::cerr);
  return sane ? 0 : 1;
}

}  // namespace

tool_command add_dump_log_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("dump-log", "Print the batches and records of segment files (kafka-dump-log.sh)");
  auto options = std::make_shared<dump_options>();
  auto files = std::make_shared<std::string>();
  cmd->add_option("--files", *files,
                  "REQUIRED: comma-separated segment files to dump: <base offset>.log, .index or .timeindex")
      ->required();
  cmd->add_flag("--print-data-log", options->print_data_log,
                "Print each record's key and payload as text (implies --deep-iteration)");
  cmd->add_flag("--deep-iteration", options->deep_iteration,
                "Print every record, decompressing compressed batches, not just the batches");
  cmd->add_flag("--skip-record-metadata", options->skip_record_metadata,
                "Leave offset, timestamp, sizes, sequence and header keys out of record lines");
  cmd->add_flag("--offsets-decoder", options->offsets_decoder,
                "Print keys and payloads as __consumer_offsets records: committed offsets and group "
                "metadata (implies --print-data-log)");
  cmd->add_flag("--verify-index-only", options->verify_index_only,
                "For index files: check every entry against the .log beside it and print only mismatches");
  cmd->add_flag("--index-sanity-check", options->index_sanity_check,
                "For index files: only check that the broker would keep every entry on load (prints passed or "
                "failed; exit code 1 when one failed)");
  cmd->add_option("--max-message-size", options->max_message_size,
                  "Largest batch, in bytes, an index check reads (default 5242880)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-bytes", options->max_bytes,
                  "For .log files: read only the batches within the first this many bytes (default: all)")
      ->check(CLI::PositiveNumber);
  return {cmd, [options, files] {
            options->files = split_files(*files);
            return run_dump_log(*options);
          }};
}

}  // namespace gregor::tools
