#include "support/kafka_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/byte_order.h"

namespace gregor::testing {
namespace {
bool read_exact(int fd, uint8_t* out, size_t n, std::chrono::steady_clock::time_point deadline) {
  size_t got = 0;
  while (got < n) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    ssize_t r = ::recv(fd, out + got, n - got, 0);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}
}  // namespace

kafka_client::~kafka_client() { close(); }

bool kafka_client::connect(uint16_t port) {
  close();
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close();
    return false;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

void kafka_client::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool kafka_client::send_raw(const std::vector<uint8_t>& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::vector<uint8_t>> kafka_client::read_frame(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  uint8_t prefix[4];
  if (!read_exact(fd_, prefix, 4, deadline)) return std::nullopt;
  int32_t size = load_be<int32_t>(prefix);
  if (size < 0) return std::nullopt;
  std::vector<uint8_t> body(static_cast<size_t>(size));
  if (!read_exact(fd_, body.data(), body.size(), deadline)) return std::nullopt;
  return body;
}

bool kafka_client::peer_closed(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  uint8_t b;
  return ::recv(fd_, &b, 1, MSG_PEEK) == 0;
}

}  // namespace gregor::testing
