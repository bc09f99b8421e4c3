#include "tools/dump_log/read_only_file.h"

#include <filesystem>

#include "tools/common/tool_error.h"

namespace gregor::tools {

std::unique_ptr<storage::fs::file> open_read_only(const std::string& file_path) {
  std::error_code ec;
  if (std::filesystem::exists(file_path, ec) && !std::filesystem::is_regular_file(file_path, ec))
    throw tool_error(file_path + " is not a regular file");
  auto f = storage::fs::posix_fs().open(file_path, storage::fs::open_mode::read_only);
  if (!f) throw tool_error("cannot " + f.error());
  return std::move(*f);
}

std::vector<uint8_t> read_all(const storage::fs::file& file) {
  auto size = file.size();
  if (!size) throw tool_error(size.error());
  std::vector<uint8_t> bytes(*size);
  auto n = file.read_at(0, bytes);
  if (!n) throw tool_error(n.error());
  bytes.resize(*n);
  return bytes;
}

}  // namespace gregor::tools
