#include "tools/dump_log/dump_findings.h"

#include <filesystem>

namespace gregor::tools {

namespace {

// Kafka's reports name files by absolute path.
std::string absolute(const std::string& file) {
  std::error_code ec;
  auto p = std::filesystem::absolute(file, ec);
  return ec ? file : p.lexically_normal().string();
}

}  // namespace

void dump_findings::add(by_file& list, const std::string& file, int64_t a, int64_t b) {
  std::string name = absolute(file);
  for (auto& [f, entries] : list) {
    if (f == name) {
      entries.emplace_back(a, b);
      return;
    }
  }
  list.push_back({name, {{a, b}}});
}

void dump_findings::index_mismatch(const std::string& file, int64_t index_offset, int64_t log_offset) {
  add(index_mismatches_, file, index_offset, log_offset);
}
void dump_findings::timestamp_mismatch(const std::string& file, int64_t index_timestamp, int64_t log_timestamp) {
  add(timestamp_mismatches_, file, index_timestamp, log_timestamp);
}
void dump_findings::out_of_order_timestamp(const std::string& file, int64_t index_timestamp,
                                           int64_t previous_timestamp) {
  add(out_of_order_, file, index_timestamp, previous_timestamp);
}
void dump_findings::offset_not_found(const std::string& file, int64_t index_offset, int64_t log_offset) {
  add(not_found_, file, index_offset, log_offset);
}
void dump_findings::non_consecutive(const std::string& file, int64_t offset, int64_t next_offset) {
  add(non_consecutive_, file, offset, next_offset);
}

bool dump_findings::empty() const {
  return index_mismatches_.empty() && timestamp_mismatches_.empty() && out_of_order_.empty() && not_found_.empty() &&
         non_consecutive_.empty();
}

void dump_findings::print(std::ostream& err) const {
  for (const auto& [file, entries] : index_mismatches_) {
    err << "Mismatches in :" << file << '\n';
    for (const auto& [index, log] : entries) err << "  Index offset: " << index << ", log offset: " << log << '\n';
  }
  for (const auto& [file, entries] : timestamp_mismatches_) {
    err << "Found timestamp mismatch in :" << file << '\n';
    for (const auto& [index, log] : entries)
      err << "  Index timestamp: " << index << ", log timestamp: " << log << '\n';
  }
  for (const auto& [file, entries] : out_of_order_) {
    err << "Found out of order timestamp in :" << file << '\n';
    for (const auto& [index, previous] : entries)
      err << "  Index timestamp: " << index << ", Previously indexed timestamp: " << previous << '\n';
  }
  for (const auto& [file, entries] : not_found_) {
    err << "The following indexed offsets of " << file << " are not found in the log.\n";
    for (const auto& [index, log] : entries)
      err << "Indexed offset: " << index << ", found log offset: " << log << '\n';
  }
  for (const auto& [file, entries] : non_consecutive_) {
    err << "Non-consecutive offsets in " << file << '\n';
    for (const auto& [offset, next] : entries) err << "  " << offset << " is followed by " << next << '\n';
  }
  err.flush();
}

}  // namespace gregor::tools
