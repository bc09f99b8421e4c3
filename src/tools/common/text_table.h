// text_table: rows printed in left-aligned columns separated by spaces, the way Kafka's tools print
// their tables (kafka-consumer-groups --describe). Each column is as wide as its widest cell.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace gregor::tools {

class text_table {
 public:
  explicit text_table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t row_count() const { return rows_.size() - 1; }  // without the header
  // Writes the header and the rows; trailing spaces are trimmed from each line.
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace gregor::tools
