// Atomic save and load of topic override files.
#include "config/topic_config_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace gregor::config {
namespace {

std::string os_error(std::string_view what, const std::filesystem::path& path) {
  return fmt::format("{} {}: {}", what, path.string(), std::strerror(errno));
}

result<void> write_all_and_sync(const std::filesystem::path& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail(os_error("Cannot create", path));
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto err = os_error("Cannot write", path);
      ::close(fd);
      return fail(err);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) {
    auto err = os_error("Cannot fsync", path);
    ::close(fd);
    return fail(err);
  }
  if (::close(fd) != 0) return fail(os_error("Cannot close", path));
  return {};
}

void sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself already happened
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

result<void> save_topic_config(const std::filesystem::path& path, const topic_config& config) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  if (auto ok = write_all_and_sync(tmp, config.serialize()); !ok) return ok;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail(os_error("Cannot rename", tmp));
  sync_directory(path.parent_path());
  return {};
}

result<topic_config::loaded> load_topic_config(const std::filesystem::path& path,
                                               std::shared_ptr<const topic_defaults> defaults) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (ec) return fail(fmt::format("Cannot stat {}: {}", path.string(), ec.message()));
    return topic_config::loaded{topic_config(std::move(defaults)), {}};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(os_error("Cannot open", path));
  std::ostringstream text;
  text << in.rdbuf();
  auto loaded = topic_config::deserialize(std::move(defaults), text.str());
  if (!loaded) return fail(fmt::format("{}: {}", path.string(), loaded.error()));
  return loaded;
}

}  // namespace gregor::config
