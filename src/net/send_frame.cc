#include "net/send_frame.h"

#include <sys/sendfile.h>

#include <asio/experimental/as_tuple.hpp>
#include <cerrno>
#include <spdlog/spdlog.h>
#include <type_traits>
#include <variant>
#include <vector>

namespace gregor::net {
namespace {

constexpr auto as_result = asio::experimental::as_tuple(asio::use_awaitable);

// sendfile moves at most this much per call (Linux: 0x7ffff000 bytes).
constexpr size_t max_sendfile_bytes = 0x7ffff000;

asio::awaitable<asio::error_code> send_file(asio::ip::tcp::socket& socket, const file_region& region) {
  asio::error_code ec;
  if (!socket.native_non_blocking()) socket.native_non_blocking(true, ec);
  if (ec) co_return ec;
  off_t offset = static_cast<off_t>(region.offset());
  size_t left = region.size();
  while (left > 0) {
    ssize_t n = ::sendfile(socket.native_handle(), region.fd(), &offset, std::min(left, max_sendfile_bytes));
    if (n > 0) {
      left -= static_cast<size_t>(n);
    } else if (n == 0) {
      spdlog::warn("a fetched file region ended {} bytes early (file truncated meanwhile); closing the connection",
                   left);
      co_return asio::error::eof;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      auto [wait_ec] = co_await socket.async_wait(asio::ip::tcp::socket::wait_write, as_result);
      if (wait_ec) co_return wait_ec;
    } else if (errno != EINTR) {
      co_return asio::error_code(errno, asio::error::get_system_category());
    }
  }
  co_return asio::error_code{};
}

}  // namespace

asio::awaitable<asio::error_code> send_frame(asio::ip::tcp::socket& socket, const protocol::writer& frame) {
  // Consecutive bytes pieces form one gathered write; each file region is a part of its own.
  using bytes_part = std::vector<asio::const_buffer>;
  std::vector<std::variant<bytes_part, const file_region*>> parts;
  frame.for_each_piece([&]<class Piece>(const Piece& piece) {
    if constexpr (std::is_same_v<Piece, file_region>) {
      parts.emplace_back(&piece);
    } else {
      if (parts.empty() || !std::holds_alternative<bytes_part>(parts.back())) parts.emplace_back(bytes_part{});
      std::get<bytes_part>(parts.back()).emplace_back(piece.data(), piece.size());
    }
  });
  for (const auto& part : parts) {
    asio::error_code ec;
    if (const auto* region = std::get_if<const file_region*>(&part)) {
      ec = co_await send_file(socket, **region);
    } else {
      auto [write_ec, n] = co_await asio::async_write(socket, std::get<bytes_part>(part), as_result);
      ec = write_ec;
    }
    if (ec) co_return ec;
  }
  co_return asio::error_code{};
}

}  // namespace gregor::net
