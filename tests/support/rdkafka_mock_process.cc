#include "support/rdkafka_mock_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>

namespace gregor::testing {

std::string rdkafka_mock_binary() { return GREGOR_RDKAFKA_MOCK_BINARY; }

rdkafka_mock_process::~rdkafka_mock_process() { stop(); }

bool rdkafka_mock_process::start(int brokers, const std::vector<std::pair<std::string, int>>& topics) {
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) return false;
  std::vector<std::string> args{rdkafka_mock_binary(), "--brokers", std::to_string(brokers)};
  for (const auto& [name, partitions] : topics) {
    args.push_back("--topic");
    args.push_back(name + ":" + std::to_string(partitions));
  }
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    close_range(3, ~0U, 0);  // inherit nothing else (pipes, locks) of the test process
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  stdin_fd_ = in_pipe[1];
  // Read stdout until the BOOTSTRAP line, for at most 10 s.
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    ssize_t n = read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(out_pipe[0]);
  const std::string prefix = "BOOTSTRAP ";
  if (out.rfind(prefix, 0) != 0 || out.find('\n') == std::string::npos) {
    std::fprintf(stderr, "rdkafka mock cluster (%s) did not start: %s\n", rdkafka_mock_binary().c_str(), out.c_str());
    stop();
    return false;
  }
  bootstrap_ = out.substr(prefix.size(), out.find('\n') - prefix.size());
  return true;
}

void rdkafka_mock_process::stop() {
  if (stdin_fd_ >= 0) {
    close(stdin_fd_);
    stdin_fd_ = -1;
  }
  if (pid_ > 0) {
    // EOF on stdin stops it; SIGKILL if it has not gone within 5 s.
    for (int i = 0; i < 500; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      usleep(10000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

}  // namespace gregor::testing
