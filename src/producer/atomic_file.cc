#include "producer/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace gregor::producer {

namespace {

std::string errno_text(const char* what, const std::filesystem::path& path) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(errno);
}

// Closes the descriptor on every return path.
struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

result<void> fsync_directory(const std::filesystem::path& dir) {
  fd_guard d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0) return fail(errno_text("open directory", dir));
  if (::fsync(d.fd) != 0) return fail(errno_text("fsync directory", dir));
  return {};
}

}  // namespace

result<void> write_file_atomically(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    fd_guard f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (f.fd < 0) return fail(errno_text("create", tmp));
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail(errno_text("write", tmp));
      done += static_cast<size_t>(n);
    }
    if (::fsync(f.fd) != 0) return fail(errno_text("fsync", tmp));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail(errno_text("rename to", path));
  std::filesystem::path dir = path.parent_path();
  return fsync_directory(dir.empty() ? std::filesystem::path(".") : dir);
}

result<std::vector<uint8_t>> read_whole_file(const std::filesystem::path& path) {
  fd_guard f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return fail(errno_text("open", path));
  std::vector<uint8_t> out;
  uint8_t buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(f.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno_text("read", path));
    if (n == 0) break;
    out.insert(out.end(), buffer, buffer + n);
  }
  return out;
}

}  // namespace gregor::producer
