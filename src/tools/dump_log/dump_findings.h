// dump_findings: the problems `gregor dump-log` finds while it dumps (index entries that do not
// match the log, offsets that are not consecutive), collected per file and printed on stderr
// after every file was dumped, in the shapes of Kafka's kafka-dump-log.sh:
//
//   Mismatches in :/abs/00000000000000000000.index
//     Index offset: 17, log offset: 15
//   Found timestamp mismatch in :/abs/00000000000000000000.timeindex
//     Index timestamp: 1700000000005, log timestamp: 1700000000004
//   Found out of order timestamp in :/abs/00000000000000000000.timeindex
//     Index timestamp: 5, Previously indexed timestamp: 9
//   The following indexed offsets of /abs/00000000000000000000.timeindex are not found in the log.
//   Indexed offset: 40, found log offset: -1
//   Non-consecutive offsets in /abs/00000000000000000000.log
//     3 is followed by 5
//
// Findings are reports, not failures: the exit code stays 0, as with Kafka's tool.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace gregor::tools {

class dump_findings {
 public:
  // An offset-index entry whose position does not hold a batch ending at its offset; log_offset
  // is the last offset of the batch there, -1 when no batch starts at that position.
  void index_mismatch(const std::string& file, int64_t index_offset, int64_t log_offset);
  // A time-index entry whose timestamp differs from its batch's largest timestamp.
  void timestamp_mismatch(const std::string& file, int64_t index_timestamp, int64_t log_timestamp);
  void out_of_order_timestamp(const std::string& file, int64_t index_timestamp, int64_t previous_timestamp);
  // A time-index entry whose offset is not the last offset of a batch (found: the last offset of
  // the batch holding it, -1 when it is past the log's end).
  void offset_not_found(const std::string& file, int64_t index_offset, int64_t log_offset);
  void non_consecutive(const std::string& file, int64_t offset, int64_t next_offset);

  bool empty() const;
  void print(std::ostream& err) const;

 private:
  using pairs = std::vector<std::pair<int64_t, int64_t>>;
  using by_file = std::vector<std::pair<std::string, pairs>>;  // in the order files were dumped
  static void add(by_file& list, const std::string& file, int64_t a, int64_t b);

  by_file index_mismatches_;
  by_file timestamp_mismatches_;
  by_file out_of_order_;
  by_file not_found_;
  by_file non_consecutive_;
};

}  // namespace gregor::tools
