// send_frame: bytes and file regions leave in order over a real loopback socket, and a file region
// that outgrew its file (truncated meanwhile) is an error rather than a short frame.
#include "net/send_frame.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <asio/experimental/as_tuple.hpp>
#include <cstdlib>
#include <string>

namespace gregor::net {
namespace {

using asio::ip::tcp;

// An unlinked temporary file holding `contents`; the returned descriptor is the caller's.
int temp_file(const std::string& contents) {
  char name[] = "/tmp/gregor-send-frame-test-XXXXXX";
  int fd = ::mkstemp(name);
  EXPECT_GE(fd, 0);
  ::unlink(name);
  EXPECT_EQ(::pwrite(fd, contents.data(), contents.size(), 0), static_cast<ssize_t>(contents.size()));
  return fd;
}

struct outcome {
  asio::error_code send_error;
  std::string received;
};

// Sends `frame` from one end of a loopback connection and reads the other end until it closes.
outcome send_and_receive(const protocol::writer& frame) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket sender(io), receiver(io);
  receiver.connect(acceptor.local_endpoint());
  acceptor.accept(sender);
  outcome out;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    out.send_error = co_await send_frame(sender, frame);
    sender.close();
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    char buffer[65536];
    for (;;) {
      auto [ec, n] = co_await receiver.async_read_some(asio::buffer(buffer),
                                                       asio::experimental::as_tuple(asio::use_awaitable));
      out.received.append(buffer, n);
      if (ec) break;
    }
  }, asio::detached);
  io.run();
  return out;
}

TEST(SendFrame, BytesAndFileRegionsGoOutInOrder) {
  // Larger than any socket buffer, so sendfile has to wait for the reader in between.
  std::string file_contents;
  for (int i = 0; file_contents.size() < 12 << 20; ++i) file_contents += std::to_string(i) + ",";
  const std::string small = "head";
  const std::string big(10'000, 'b');  // spliced by reference
  protocol::writer w;
  w.raw(small);
  w.file(file_region(temp_file(file_contents), 7, file_contents.size() - 7));
  w.bytes(shared_bytes::copy_of(big));
  w.file(file_region(temp_file(file_contents), 0, 100));
  w.raw(std::string_view("tail"));

  auto out = send_and_receive(w);
  EXPECT_FALSE(out.send_error) << out.send_error.message();
  std::string expected = small + file_contents.substr(7) + big + file_contents.substr(0, 100) + "tail";
  ASSERT_EQ(out.received.size(), expected.size());
  EXPECT_TRUE(out.received == expected);
}

TEST(SendFrame, ARegionBeyondTheEndOfItsFileFails) {
  protocol::writer w;
  w.raw(std::string_view("head"));
  w.file(file_region(temp_file("only this"), 0, 1000));  // as if truncated after the region was made
  auto out = send_and_receive(w);
  EXPECT_TRUE(out.send_error);
  EXPECT_EQ(out.received, "headonly this");  // the reader sees a short frame and a closed socket
}

}  // namespace
}  // namespace gregor::net
