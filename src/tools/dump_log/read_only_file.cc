#include "tools/dump_log/read_only_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tools/common/tool_error.h"

namespace gregor::tools {

namespace {

using storage::fs::path;

class read_only_posix_file final : public storage::fs::file {
 public:
  read_only_posix_file(int fd, path p) : fd_(fd), path_(std::move(p)) {}
  ~read_only_posix_file() override { ::close(fd_); }

  result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override {
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail("cannot read " + path_.string() + ": " + std::strerror(errno));
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }
  result<void> write_at(uint64_t, std::span<const uint8_t>) override { return refuse(); }
  result<void> sync() override { return refuse(); }
  result<void> truncate(uint64_t) override { return refuse(); }
  result<uint64_t> size() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return fail("cannot stat " + path_.string() + ": " + std::strerror(errno));
    return static_cast<uint64_t>(st.st_size);
  }
  const path& file_path() const override { return path_; }

 private:
  result<void> refuse() const { return fail(path_.string() + " is open read-only"); }

  int fd_;
  path path_;
};

}  // namespace

std::unique_ptr<storage::fs::file> open_read_only(const std::string& file_path) {
  int fd = ::open(file_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw tool_error("cannot open " + file_path + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw tool_error(file_path + " is not a regular file");
  }
  return std::make_unique<read_only_posix_file>(fd, file_path);
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
