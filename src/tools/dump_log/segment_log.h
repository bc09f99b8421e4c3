// segment_log: read access to one segment's .log file for `gregor dump-log` — its batches in file
// order, found with storage's batch_scanner (header mode, so a batch with a bad CRC is still
// listed: the dump reports it as invalid rather than stopping), and each batch's bytes.
//
// Walking stops at the first batch that is cut short by the end of the file (a torn tail) or
// whose header cannot be a batch (magic other than 2, impossible length); everything from there
// on counts as invalid bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "protocol/records/batch_header.h"
#include "storage/fs/file.h"

namespace gregor::tools {

struct log_batch {
  uint64_t position = 0;  // byte position of the batch in the file
  records::batch_header header;
};

class segment_log {
 public:
  // Throws tool_error when the file cannot be opened.
  explicit segment_log(const std::string& path);

  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

  // Calls visit() for each whole batch that ends within the first `limit` bytes, in order, and
  // returns the position after the last one (== size() when the file holds only whole batches).
  uint64_t for_each_batch(uint64_t limit, const std::function<void(const log_batch&)>& visit) const;
  // Every batch header of the file (computed on first use).
  const std::vector<log_batch>& batches() const;
  // The bytes of one batch. Throws tool_error on a read failure.
  std::vector<uint8_t> read_batch(const log_batch& batch) const;

 private:
  std::string path_;
  std::unique_ptr<storage::fs::file> file_;
  uint64_t size_ = 0;
  mutable std::unique_ptr<std::vector<log_batch>> batches_;
};

}  // namespace gregor::tools
