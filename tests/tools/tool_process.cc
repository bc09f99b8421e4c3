#include "tools/tool_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "support/broker_process.h"

namespace gregor::testing {

std::ostream& operator<<(std::ostream& os, const tool_result& r) {
  os << "exit code " << r.exit_code;
  if (r.term_signal != 0) os << " (signal " << r.term_signal << ")";
  if (r.timed_out) os << " (timed out)";
  return os << "\n--- stdout ---\n" << r.out << "\n--- stderr ---\n" << r.err << "\n";
}

tool_process::tool_process(std::vector<std::string> args) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    result_.err = std::string("pipe failed: ") + std::strerror(errno);
    drained_ = reaped_ = true;
    return;
  }
  std::string binary = gregor_binary();
  std::vector<char*> argv;
  argv.push_back(binary.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close_range(3, ~0U, 0);  // inherit nothing else of the test process
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
  reader_ = std::thread([this] { drain(); });
}

tool_process::~tool_process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
  if (reader_.joinable()) reader_.join();
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
}

void tool_process::drain() {
  pollfd fds[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (auto& f : fds) {
      if (f.fd < 0 || f.revents == 0) continue;
      ssize_t n = ::read(f.fd, buf, sizeof buf);
      if (n > 0) {
        std::lock_guard lock(mutex_);
        (f.fd == stdout_fd_ ? out_ : err_).append(buf, static_cast<size_t>(n));
        changed_.notify_all();
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        ::close(f.fd);
        f.fd = -1;
        --open_fds;
      }
    }
  }
  std::lock_guard lock(mutex_);
  drained_ = true;
  changed_.notify_all();
}

void tool_process::write_stdin(std::string_view text) {
  while (!text.empty() && stdin_fd_ >= 0) {
    ssize_t n = ::write(stdin_fd_, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // the child closed its stdin or exited
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
}

void tool_process::close_stdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

void tool_process::signal(int sig) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

bool tool_process::wait_for_stdout(std::string_view needle, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return out_.find(needle) != std::string::npos || drained_; }) &&
         out_.find(needle) != std::string::npos;
}

bool tool_process::wait_for_stdout_lines(size_t lines, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto enough = [&] { return static_cast<size_t>(std::count(out_.begin(), out_.end(), '\n')) >= lines; };
  return changed_.wait_for(lock, timeout, [&] { return enough() || drained_; }) && enough();
}

std::string tool_process::stdout_so_far() {
  std::lock_guard lock(mutex_);
  return out_;
}

std::string tool_process::stderr_so_far() {
  std::lock_guard lock(mutex_);
  return err_;
}

tool_result tool_process::wait(std::chrono::milliseconds timeout) {
  close_stdin();
  if (pid_ > 0 && !reaped_) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (true) {
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) break;
      if (r < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        result_.timed_out = true;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reaped_ = true;
    if (WIFEXITED(status)) result_.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result_.term_signal = WTERMSIG(status);
    if (result_.timed_out) result_.exit_code = -1;
  }
  if (reader_.joinable()) reader_.join();
  std::lock_guard lock(mutex_);
  result_.out = out_;
  result_.err = err_;
  return result_;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

tool_result run_gregor(std::vector<std::string> args, std::string_view input, std::chrono::milliseconds timeout) {
  tool_process p(std::move(args));
  p.write_stdin(input);
  return p.wait(timeout);
}

}  // namespace gregor::testing
