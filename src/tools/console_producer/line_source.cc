// line_source: buffered line reading from a descriptor, interruptible through a wake descriptor.
#include "tools/console_producer/line_source.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tools/common/tool_error.h"

namespace gregor::tools {

std::optional<std::string> line_source::next() {
  while (true) {
    size_t newline = buffer_.find('\n', scanned_);
    if (newline != std::string::npos) return take_line(newline);
    scanned_ = buffer_.size();
    if (eof_ || interrupted_ || !fill()) {
      if (interrupted_ || buffer_.empty()) return std::nullopt;
      return take_line(buffer_.size());  // the last line had no line ending
    }
  }
}

std::optional<std::string> line_source::take_line(size_t newline) {
  std::string line = buffer_.substr(0, newline);
  buffer_.erase(0, newline < buffer_.size() ? newline + 1 : newline);
  scanned_ = 0;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool line_source::fill() {
  pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  int count = wake_fd_ >= 0 ? 2 : 1;
  while (true) {
    int ready = ::poll(fds, count, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw tool_error(std::string("cannot wait for standard input: ") + std::strerror(errno));
    }
    if (count == 2 && (fds[1].revents & POLLIN)) {
      interrupted_ = true;
      return false;
    }
    if (fds[0].revents != 0) break;  // data, end of input (POLLHUP) or an error read() reports
  }
  char chunk[65536];
  while (true) {
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return true;  // spurious wakeup: poll again
    throw tool_error(std::string("cannot read standard input: ") + std::strerror(errno));
  }
}

}  // namespace gregor::tools
