#include "support/broker_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

namespace gregor::testing {
namespace {

bool port_accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::filesystem::path make_temp_root() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path() / ("gregor-test-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(rd() % 1000000));
  std::filesystem::create_directories(base);
  return base;
}

}  // namespace

uint16_t free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  uint16_t port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string gregor_binary() {
  if (const char* env = std::getenv("GREGOR_BINARY")) return env;
  return GREGOR_BINARY;
}

std::filesystem::path source_root() { return std::filesystem::path(GREGOR_SOURCE_DIR); }

broker_process::broker_process(std::map<std::string, std::string> properties)
    : properties_(std::move(properties)), root_(make_temp_root()), data_dir_(root_ / "data") {
  port_ = free_loopback_port();
}

broker_process::~broker_process() {
  if (pid_ > 0) kill();
  std::error_code ec;
  if (!std::getenv("GREGOR_KEEP_TEST_DIRS")) std::filesystem::remove_all(root_, ec);
}

bool broker_process::start() {
  std::filesystem::create_directories(data_dir_);
  auto props_path = root_ / "server.properties";
  {
    std::ofstream out(props_path);
    out << "listeners=PLAINTEXT://127.0.0.1:" << port_ << "\n";
    out << "log.dirs=" << data_dir_.string() << "\n";
    for (const auto& [k, v] : properties_) out << k << "=" << v << "\n";
  }
  auto started = std::chrono::steady_clock::now();
  pid_ = ::fork();
  if (pid_ == 0) {
    int log_fd = ::open(log_file().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    // Inherit nothing else: a broker outliving a crashed test must not keep its pipes or locks open.
    ::close_range(3, ~0U, 0);
    std::string bin = gregor_binary();
    ::execl(bin.c_str(), bin.c_str(), "server", props_path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  auto deadline = started + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (port_accepts(port_)) {
      last_start_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      return true;
    }
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::ifstream log(log_file());
  std::cerr << "broker did not start; its log:\n" << log.rdbuf() << "\n";
  kill();
  return false;
}

int broker_process::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void broker_process::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace gregor::testing
