// server: accepts TCP connections and runs one coroutine per connection.
//
// The server owns `threads` io_contexts, each run by one thread; connections are spread across
// them round-robin and stay on their io_context for life, so a connection's work is never
// concurrent with itself. Each connection (connection.h) serves its requests one at a time, as
// Kafka does, except that a handler may let it read on early (Produce waiting for an fsync);
// responses always leave in request order.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "net/frame_handler.h"

namespace gregor::net {

struct server_options {
  std::string host = "127.0.0.1";
  uint16_t port = 9092;
  int threads = 3;
  int32_t max_request_bytes = 104857600;  // socket.request.max.bytes
  int send_buffer_bytes = 102400;         // -1: the OS default
  int receive_buffer_bytes = 102400;
};

class server {
 public:
  server(server_options options, frame_handler& handler);
  ~server();

  // Binds and listens; returns an error text if the address cannot be bound.
  std::string listen();
  // The port actually bound (useful with port 0).
  uint16_t port() const { return bound_port_; }
  // Starts the network threads; returns at once.
  void start();
  // Closes the listener, waits up to `drain` for requests being served to be answered, then stops.
  void stop(std::chrono::milliseconds drain = std::chrono::milliseconds(5000));

  asio::io_context& context(size_t i) { return *contexts_[i]; }
  size_t context_count() const { return contexts_.size(); }

 private:
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(asio::ip::tcp::socket socket, uint64_t id);

  server_options options_;
  frame_handler& handler_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
  uint16_t bound_port_ = 0;
  std::atomic<uint64_t> next_id_{1};
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> in_flight_{0};  // requests read and not yet answered
};

}  // namespace gregor::net
