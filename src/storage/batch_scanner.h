// batch_scanner: walks the v2 record batches of a segment's .log file from a byte position.
//
// Reads in large chunks (one pread per chunk, not per batch). In header mode it only needs the
// 61-byte headers and skips bodies; in validate mode it loads each whole batch and checks its
// CRC-32C (compute_batch_crc), which is what recovery does. A batch that is cut short by the end
// of the range is reported as `torn`; one with a bad magic, length or CRC as `corrupt`.
//
// Thread-safety: a scanner is used by one thread; it only calls fs::file::read_at.
#pragma once

#include <optional>
#include <vector>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "storage/fs/file.h"

namespace gregor::storage {

struct scanned_batch {
  uint64_t position;             // byte position of the batch in the file
  records::batch_header header;
  byte_span bytes;               // the whole batch in validate mode, else empty
};

enum class scan_status { ok, end, torn, corrupt };

class batch_scanner {
 public:
  batch_scanner(const fs::file& f, uint64_t start, uint64_t end, bool validate, size_t chunk_bytes = 1 << 16);

  // The next batch, or nullopt at the end / at a torn or corrupt batch (see status()).
  result<std::optional<scanned_batch>> next();
  scan_status status() const { return status_; }
  // Position after the last good batch returned.
  uint64_t position() const { return pos_; }

 private:
  // Makes [pos, pos+n) available in buf_; false if that range passes end_ or the file is short.
  result<bool> fill(uint64_t pos, size_t n);

  const fs::file& file_;
  uint64_t pos_;
  uint64_t end_;
  bool validate_;
  size_t chunk_;
  scan_status status_ = scan_status::ok;
  std::vector<uint8_t> buf_;
  uint64_t buf_start_ = 0;
};

}  // namespace gregor::storage
