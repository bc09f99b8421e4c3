// connection: one client's TCP connection, from its first request to its close.
//
// A reader loop takes request frames off the socket (size prefix, socket.request.max.bytes) and
// starts a handler for each; a writer loop sends the responses strictly in request order. The
// reader waits for each request to be answered before reading the next, unless the handler
// releases it early (frame_handler.h: Produce with acks=all, once appended); then up to
// max_pipelined requests are open at once. Everything runs on the connection's one-thread
// io_context, so its state needs no locks.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <deque>
#include <memory>

#include "net/frame_handler.h"

namespace gregor::net {

struct server_options;

class connection : public std::enable_shared_from_this<connection> {
 public:
  // Requests one connection may have open (read, not yet answered) when handlers release early.
  static constexpr size_t max_pipelined = 8;

  connection(asio::ip::tcp::socket socket, uint64_t id, frame_handler& handler, const server_options& options,
             const std::atomic<bool>& stopping, std::atomic<int64_t>& in_flight);

  // Serves requests until the client closes, an error, a handler's close_connection or shutdown;
  // returns once every started request has finished.
  asio::awaitable<void> run();

 private:
  // One request and, once its handler is done, its response.
  struct exchange {
    frame_outcome outcome;
    bool released = false;  // the reader may go on
    bool done = false;      // outcome is final
  };

  asio::awaitable<void> read_requests();
  asio::awaitable<void> write_responses();
  asio::awaitable<void> serve_one(std::shared_ptr<exchange> x, shared_bytes frame);
  // Waits on `timer` until `condition` holds; notify() cancels the timers to re-check.
  template <class Condition>
  asio::awaitable<void> wait_for(asio::steady_timer& timer, Condition condition);
  void notify();
  void close_socket();

  asio::ip::tcp::socket socket_;
  frame_handler& handler_;
  const server_options& options_;
  const std::atomic<bool>& stopping_;
  std::atomic<int64_t>& in_flight_;
  connection_info info_;
  std::deque<std::shared_ptr<exchange>> queue_;  // requests not yet answered, oldest first
  size_t running_ = 0;                           // handlers not yet done
  bool reading_done_ = false;
  bool closing_ = false;  // stop reading; write what is answered, then close
  asio::steady_timer reader_wake_;
  asio::steady_timer writer_wake_;
  asio::steady_timer finished_wake_;
};

}  // namespace gregor::net
