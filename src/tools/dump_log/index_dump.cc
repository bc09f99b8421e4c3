#include "tools/dump_log/index_dump.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "base/byte_order.h"
#include "storage/offset_index.h"
#include "storage/time_index.h"
#include "tools/common/tool_error.h"
#include "tools/dump_log/read_only_file.h"
#include "tools/dump_log/segment_log.h"

namespace gregor::tools {

namespace {

// One entry of either index: .index holds (offset, position), .timeindex (timestamp, offset).
struct index_entry {
  int64_t offset = 0;     // absolute
  int64_t position = 0;   // .index only
  int64_t timestamp = 0;  // .timeindex only
  int64_t relative = 0;   // as stored
};

struct index_contents {
  std::vector<index_entry> entries;  // before the zero tail
  uint64_t file_size = 0;
};

index_contents read_offset_index(const std::string& path, int64_t base) {
  auto bytes = read_all(*open_read_only(path));
  index_contents out{{}, bytes.size()};
  constexpr size_t size = storage::offset_index::entry_size;
  for (size_t i = 0; i + size <= bytes.size(); i += size) {
    int32_t relative = load_be<int32_t>(bytes.data() + i);
    int32_t position = load_be<int32_t>(bytes.data() + i + 4);
    if (relative == 0 && (i > 0 || position == 0)) break;  // the zero tail
    out.entries.push_back({.offset = base + relative, .position = position, .relative = relative});
  }
  return out;
}

index_contents read_time_index(const std::string& path, int64_t base) {
  auto bytes = read_all(*open_read_only(path));
  index_contents out{{}, bytes.size()};
  constexpr size_t size = storage::time_index::entry_size;
  for (size_t i = 0; i + size <= bytes.size(); i += size) {
    int64_t timestamp = load_be<int64_t>(bytes.data() + i);
    int32_t relative = load_be<int32_t>(bytes.data() + i + 8);
    if (relative == 0 && (i > 0 || timestamp == 0)) break;  // the zero tail
    out.entries.push_back({.offset = base + relative, .timestamp = timestamp, .relative = relative});
  }
  return out;
}

std::string entry_name(size_t i) { return "entry " + std::to_string(i); }

// Why the broker would not keep every entry, or nullopt when it would.
std::optional<std::string> offset_index_problem(const index_contents& index, const segment_log& log) {
  constexpr size_t size = storage::offset_index::entry_size;
  if (index.file_size % size != 0)
    return std::to_string(index.file_size) + " bytes are not a whole number of " + std::to_string(size) +
           "-byte entries";
  for (size_t i = 0; i < index.entries.size(); ++i) {
    const auto& e = index.entries[i];
    if (e.relative < 0) return entry_name(i) + " has offset " + std::to_string(e.offset) + ", below the base offset";
    if (e.position < 0 || static_cast<uint64_t>(e.position) >= log.size())
      return entry_name(i) + " points at position " + std::to_string(e.position) + ", outside the log (" +
             std::to_string(log.size()) + " bytes)";
    if (i > 0 && (e.relative <= index.entries[i - 1].relative || e.position <= index.entries[i - 1].position))
      return entry_name(i) + " (offset " + std::to_string(e.offset) + " position " + std::to_string(e.position) +
             ") does not increase on the entry before it";
  }
  return std::nullopt;
}

std::optional<std::string> time_index_problem(const index_contents& index) {
  constexpr size_t size = storage::time_index::entry_size;
  if (index.file_size % size != 0)
    return std::to_string(index.file_size) + " bytes are not a whole number of " + std::to_string(size) +
           "-byte entries";
  for (size_t i = 0; i < index.entries.size(); ++i) {
    const auto& e = index.entries[i];
    if (e.relative < 0) return entry_name(i) + " has offset " + std::to_string(e.offset) + ", below the base offset";
    if (i > 0 && e.timestamp <= index.entries[i - 1].timestamp)
      return entry_name(i) + " (timestamp " + std::to_string(e.timestamp) +
             ") does not increase on the entry before it";
    if (i > 0 && e.relative < index.entries[i - 1].relative)
      return entry_name(i) + " (offset " + std::to_string(e.offset) + ") is below the offset of the entry before it";
  }
  return std::nullopt;
}

bool report_sanity(const std::string& path, const std::optional<std::string>& problem, std::ostream& out) {
  if (problem)
    out << path << " failed sanity check: " << *problem << '\n';
  else
    out << path << " passed sanity check.\n";
  return !problem;
}

}  // namespace

bool dump_offset_index(const std::string& path, const std::string& log_path, int64_t base_offset,
                       const dump_options& options, dump_findings& findings, std::ostream& out) {
  auto index = read_offset_index(path, base_offset);
  segment_log log(log_path);
  if (index.entries.empty()) {
    out << path << " is empty.\n";
    return true;
  }
  if (options.index_sanity_check) return report_sanity(path, offset_index_problem(index, log), out);

  const auto& batches = log.batches();
  for (const auto& e : index.entries) {
    auto at = std::lower_bound(batches.begin(), batches.end(), e.position, [](const log_batch& b, int64_t position) {
      return static_cast<int64_t>(b.position) < position;
    });
    if (at == batches.end() || static_cast<int64_t>(at->position) != e.position) {
      findings.index_mismatch(path, e.offset, -1);
    } else {
      if (static_cast<int64_t>(at->header.total_size()) > options.max_message_size)
        throw tool_error("the batch at position " + std::to_string(e.position) + " of " + log_path + " (" +
                         std::to_string(at->header.total_size()) + " bytes) is larger than --max-message-size (" +
                         std::to_string(options.max_message_size) + ")");
      if (at->header.last_offset() != e.offset) findings.index_mismatch(path, e.offset, at->header.last_offset());
    }
    if (!options.verify_index_only) out << "offset: " << e.offset << " position: " << e.position << '\n';
  }
  return true;
}

bool dump_time_index(const std::string& path, const std::string& log_path, int64_t base_offset,
                     const dump_options& options, dump_findings& findings, std::ostream& out) {
  auto index = read_time_index(path, base_offset);
  segment_log log(log_path);
  if (index.entries.empty()) {
    out << path << " is empty.\n";
    return true;
  }
  if (options.index_sanity_check) return report_sanity(path, time_index_problem(index), out);

  const auto& batches = log.batches();
  int64_t previous = -1;  // Kafka's "no timestamp"
  for (const auto& e : index.entries) {
    auto at = std::lower_bound(batches.begin(), batches.end(), e.offset,
                               [](const log_batch& b, int64_t offset) { return b.header.last_offset() < offset; });
    if (at == batches.end()) {
      findings.offset_not_found(path, e.offset, -1);
    } else if (at->header.last_offset() != e.offset) {
      findings.offset_not_found(path, e.offset, at->header.last_offset());
    } else {
      if (at->header.max_timestamp != e.timestamp)
        findings.timestamp_mismatch(path, e.timestamp, at->header.max_timestamp);
      if (previous >= e.timestamp) findings.out_of_order_timestamp(path, e.timestamp, previous);
    }
    if (!options.verify_index_only) out << "timestamp: " << e.timestamp << " offset: " << e.offset << '\n';
    previous = e.timestamp;
  }
  return true;
}

}  // namespace gregor::tools
