// tool_process: runs `gregor <tool> ...` as a subprocess for the CLI tool tests, with a stdin pipe
// and stdout/stderr captured separately (a background thread drains both so the child never blocks).
//
//   auto r = run_gregor({"topics", "--bootstrap-server", broker.bootstrap(), "--list"});
//   EXPECT_EQ(r.exit_code, 0) << r;
//
//   tool_process consumer({"console-consumer", ...});   // interactive: signal, wait for output
//   ASSERT_TRUE(consumer.wait_for_stdout("hello", 10s));
//   consumer.signal(SIGINT);
//   auto done = consumer.wait(10s);
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gregor::testing {

struct tool_result {
  int exit_code = -1;       // -1 when killed by a signal (see term_signal) or timed out
  int term_signal = 0;      // the signal that ended it, if any
  bool timed_out = false;   // wait() killed it
  std::string out;          // everything it wrote to stdout
  std::string err;          // everything it wrote to stderr
};
// Prints exit code, stdout and stderr (for assertion messages).
std::ostream& operator<<(std::ostream& os, const tool_result& r);

class tool_process {
 public:
  // Starts the gregor binary under test with `args` (without the program name).
  explicit tool_process(std::vector<std::string> args);
  ~tool_process();  // kills the child if it still runs
  tool_process(const tool_process&) = delete;
  tool_process& operator=(const tool_process&) = delete;

  void write_stdin(std::string_view text);
  void close_stdin();
  void signal(int sig);
  pid_t pid() const { return pid_; }

  // Waits until stdout contains `needle`; false on timeout or when the process ended without it.
  bool wait_for_stdout(std::string_view needle, std::chrono::milliseconds timeout);
  // Waits until stdout has at least `lines` newline characters.
  bool wait_for_stdout_lines(size_t lines, std::chrono::milliseconds timeout);
  std::string stdout_so_far();
  std::string stderr_so_far();

  // Closes stdin, waits for exit (SIGKILL after `timeout`) and returns everything.
  tool_result wait(std::chrono::milliseconds timeout);

 private:
  void drain();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string out_;
  std::string err_;
  bool drained_ = false;
  bool reaped_ = false;
  tool_result result_;
  std::thread reader_;
};

// The lines of a tool's output, without their line ends.
std::vector<std::string> lines_of(const std::string& text);

// Runs `gregor <args>` with `input` on stdin to completion (SIGKILL after `timeout`).
tool_result run_gregor(std::vector<std::string> args, std::string_view input = {},
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace gregor::testing
