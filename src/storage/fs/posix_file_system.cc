// posix_file_system: fs::file_system over pread/pwrite/fdatasync.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "storage/fs/file.h"

namespace gregor::storage::fs {
namespace {

std::string errno_message(std::string_view what, const path& p, int err = errno) {
  return std::string(what) + " " + p.string() + ": " + std::strerror(err);
}

class posix_file final : public file {
 public:
  posix_file(int fd, path p) : fd_(fd), path_(std::move(p)) {}
  ~posix_file() override { ::close(fd_); }

  result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override {
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail(errno_message("pread", path_));
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }

  result<void> write_at(uint64_t offset, std::span<const uint8_t> data) override {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail(errno_message("pwrite", path_));
      }
      done += static_cast<size_t>(n);
    }
    return {};
  }

  result<void> sync() override {
    if (::fdatasync(fd_) != 0) return fail(errno_message("fdatasync", path_));
    return {};
  }

  result<void> truncate(uint64_t size) override {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return fail(errno_message("ftruncate", path_));
    return {};
  }

  result<uint64_t> size() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return fail(errno_message("fstat", path_));
    return static_cast<uint64_t>(st.st_size);
  }

  const path& file_path() const override { return path_; }

  int duplicate_descriptor() const override { return ::fcntl(fd_, F_DUPFD_CLOEXEC, 0); }

 private:
  int fd_;
  path path_;
};

class posix_file_system final : public file_system {
 public:
  result<std::unique_ptr<file>> open(const path& p, open_mode mode) override {
    int flags = (mode == open_mode::read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC;
    if (mode == open_mode::create) flags |= O_CREAT;
    if (mode == open_mode::create_truncate) flags |= O_CREAT | O_TRUNC;
    int fd = ::open(p.c_str(), flags, 0644);
    if (fd < 0) return fail(errno_message("open", p));
    return std::unique_ptr<file>(new posix_file(fd, p));
  }

  result<void> rename(const path& from, const path& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return fail(errno_message("rename", from));
    return {};
  }

  result<void> remove(const path& p) override {
    if (::remove(p.c_str()) != 0 && errno != ENOENT) return fail(errno_message("remove", p));
    return {};
  }

  result<void> remove_all(const path& p) override {
    std::error_code ec;
    std::filesystem::remove_all(p, ec);
    if (ec) return fail("remove_all " + p.string() + ": " + ec.message());
    return {};
  }

  result<std::vector<std::string>> list_dir(const path& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return fail(errno_message("opendir", dir));
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
    return names;
  }

  result<void> create_dirs(const path& dir) override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail("mkdir " + dir.string() + ": " + ec.message());
    return {};
  }

  result<void> sync_dir(const path& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(errno_message("open dir", dir));
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return fail(errno_message("fsync dir", dir, err));
    return {};
  }

  bool exists(const path& p) override {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
  }

  bool is_directory(const path& p) override {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  result<int64_t> last_modified_ms(const path& p) override {
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) return fail(errno_message("stat", p));
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  }

  result<uint64_t> file_size(const path& p) override {
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) return fail(errno_message("stat", p));
    return static_cast<uint64_t>(st.st_size);
  }
};

}  // namespace

file_system& posix_fs() {
  static posix_file_system instance;
  return instance;
}

result<std::string> read_whole_file(file_system& fs, const path& p) {
  auto f = fs.open(p, open_mode::read_write);
  if (!f) return fail(f.error());
  auto size = (*f)->size();
  if (!size) return fail(size.error());
  std::string out(*size, '\0');
  auto n = (*f)->read_at(0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
  if (!n) return fail(n.error());
  out.resize(*n);
  return out;
}

result<void> write_file_atomically(file_system& fs, const path& p, std::string_view contents) {
  path tmp = p;
  tmp += ".tmp";
  auto f = fs.open(tmp, open_mode::create_truncate);
  if (!f) return fail(f.error());
  auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(contents.data()), contents.size());
  if (auto r = (*f)->write_at(0, bytes); !r) return r;
  if (auto r = (*f)->sync(); !r) return r;
  f->reset();
  if (auto r = fs.rename(tmp, p); !r) return r;
  return fs.sync_dir(p.parent_path());
}

}  // namespace gregor::storage::fs
