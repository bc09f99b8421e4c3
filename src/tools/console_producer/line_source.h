// line_source: reads lines from a file descriptor (console-producer's stdin) in a way a signal can
// interrupt: while waiting for input it also polls a wake descriptor (shutdown_signal::wake_fd()),
// so Ctrl-C stops the reading even when nothing is typed.
#pragma once

#include <optional>
#include <string>

namespace gregor::tools {

class line_source {
 public:
  // Reads from `fd`; stops waiting when `wake_fd` (may be -1: none) becomes readable.
  line_source(int fd, int wake_fd) : fd_(fd), wake_fd_(wake_fd) {}

  // The next line without its ending ("\n" or "\r\n"; a final line without one counts too).
  // nullopt at end of input or once the wake descriptor is readable (then interrupted() is true).
  // Throws tool_error when reading fails.
  std::optional<std::string> next();
  bool interrupted() const { return interrupted_; }

 private:
  // Reads more input into buffer_; false at end of input or when interrupted.
  bool fill();
  std::optional<std::string> take_line(size_t newline);

  int fd_;
  int wake_fd_;
  std::string buffer_;
  size_t scanned_ = 0;  // bytes of buffer_ already known to hold no newline
  bool eof_ = false;
  bool interrupted_ = false;
};

}  // namespace gregor::tools
