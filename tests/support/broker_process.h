// broker_process: runs the real `gregor server` binary for integration tests.
//
// Picks a free loopback port, writes a server.properties into a temporary data directory, starts
// the binary and waits until the port accepts connections. stop() sends SIGTERM and waits (a
// clean shutdown); kill() sends SIGKILL (a crash). restart() keeps the data directory and port.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>

namespace gregor::testing {

class broker_process {
 public:
  // Extra server.properties entries may be given; log.dirs and listeners are set by the launcher.
  explicit broker_process(std::map<std::string, std::string> properties = {});
  ~broker_process();

  // Starts the broker; returns false (with the log tail on stderr) if it does not come up.
  bool start();
  // SIGTERM and wait; returns the exit status.
  int stop();
  // SIGKILL and wait.
  void kill();
  bool restart() { stop(); return start(); }

  uint16_t port() const { return port_; }
  std::string bootstrap() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::filesystem::path log_file() const { return root_ / "broker.log"; }
  pid_t pid() const { return pid_; }
  // Milliseconds the last start() took until the port accepted connections.
  double last_start_ms() const { return last_start_ms_; }

 private:
  std::map<std::string, std::string> properties_;
  std::filesystem::path root_;
  std::filesystem::path data_dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  double last_start_ms_ = 0;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
uint16_t free_loopback_port();
// The gregor binary under test.
std::string gregor_binary();
// The repository's source root (for scripts under tests/).
std::filesystem::path source_root();

}  // namespace gregor::testing
