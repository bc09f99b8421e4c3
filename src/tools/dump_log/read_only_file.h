// read_only_file: storage fs files opened read-only (fs::open_mode::read_only), so `gregor dump-log`
// hands segment files to the storage code's batch_scanner without needing (or risking) write
// access to them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/fs/file.h"

namespace gregor::tools {

// Opens `path` for reading; throws tool_error naming the file when that fails (missing,
// unreadable, a directory).
std::unique_ptr<storage::fs::file> open_read_only(const std::string& path);

// The whole of a small file (index files); throws tool_error on a read failure.
std::vector<uint8_t> read_all(const storage::fs::file& file);

}  // namespace gregor::tools
