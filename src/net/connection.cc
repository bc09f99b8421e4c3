#include "net/connection.h"

#include <asio/experimental/as_tuple.hpp>
#include <spdlog/spdlog.h>

#include "base/byte_order.h"
#include "net/send_frame.h"
#include "net/server.h"

namespace gregor::net {
namespace {
constexpr auto as_result = asio::experimental::as_tuple(asio::use_awaitable);
// The smallest valid request: api_key, api_version, correlation_id, client_id length.
constexpr int32_t min_request_bytes = 10;
}  // namespace

connection::connection(asio::ip::tcp::socket socket, uint64_t id, frame_handler& handler,
                       const server_options& options, const std::atomic<bool>& stopping,
                       std::atomic<int64_t>& in_flight)
    : socket_(std::move(socket)),
      handler_(handler),
      options_(options),
      stopping_(stopping),
      in_flight_(in_flight),
      reader_wake_(socket_.get_executor()),
      writer_wake_(socket_.get_executor()),
      finished_wake_(socket_.get_executor()) {
  info_.id = id;
  info_.executor = socket_.get_executor();
}

template <class Condition>
asio::awaitable<void> connection::wait_for(asio::steady_timer& timer, Condition condition) {
  while (!condition()) {
    timer.expires_at(asio::steady_timer::time_point::max());
    co_await timer.async_wait(as_result);
  }
}

void connection::notify() {
  reader_wake_.cancel();
  writer_wake_.cancel();
  finished_wake_.cancel();
}

void connection::close_socket() {
  asio::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

asio::awaitable<void> connection::run() {
  asio::error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  if (options_.send_buffer_bytes > 0) socket_.set_option(asio::socket_base::send_buffer_size(options_.send_buffer_bytes), ec);
  if (options_.receive_buffer_bytes > 0)
    socket_.set_option(asio::socket_base::receive_buffer_size(options_.receive_buffer_bytes), ec);
  auto remote = socket_.remote_endpoint(ec);
  info_.peer = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
  spdlog::debug("connection {} from {}", info_.id, info_.peer);

  bool writer_done = false;
  asio::co_spawn(socket_.get_executor(), [](std::shared_ptr<connection> self, bool* done) -> asio::awaitable<void> {
    co_await self->write_responses();
    *done = true;
    self->notify();
  }(shared_from_this(), &writer_done), asio::detached);

  co_await read_requests();
  co_await wait_for(finished_wake_, [&] { return writer_done && running_ == 0; });
  close_socket();
  spdlog::debug("connection {} closed", info_.id);
}

asio::awaitable<void> connection::read_requests() {
  while (!closing_ && !stopping_) {
    uint8_t size_prefix[4];
    auto [read_ec, n] = co_await asio::async_read(socket_, asio::buffer(size_prefix), as_result);
    if (read_ec) break;
    int32_t size = load_be<int32_t>(size_prefix);
    if (size < min_request_bytes || size > options_.max_request_bytes) {
      spdlog::warn("closing connection {} from {}: request size {} outside [{}, {}] (socket.request.max.bytes)",
                   info_.id, info_.peer, size, min_request_bytes, options_.max_request_bytes);
      break;
    }
    // Not zero-filled: the read overwrites every byte, and produce frames are up to megabytes.
    auto frame = std::make_shared_for_overwrite<uint8_t[]>(static_cast<size_t>(size));
    auto [body_ec, m] = co_await asio::async_read(socket_, asio::buffer(frame.get(), static_cast<size_t>(size)), as_result);
    if (body_ec || stopping_) break;  // shutting down: take no new requests

    auto x = std::make_shared<exchange>();
    queue_.push_back(x);
    ++running_;
    in_flight_.fetch_add(1);
    asio::co_spawn(socket_.get_executor(), serve_one(x, shared_bytes::view(frame, frame.get(), static_cast<size_t>(size))), asio::detached);
    co_await wait_for(reader_wake_, [&] { return x->released || closing_; });
    if (x->done && x->outcome.close_connection) break;
    co_await wait_for(reader_wake_, [&] { return queue_.size() < max_pipelined || closing_; });
  }
  reading_done_ = true;
  notify();
}

asio::awaitable<void> connection::serve_one(std::shared_ptr<exchange> x, shared_bytes frame) {
  auto self = shared_from_this();  // the connection outlives every request it started
  std::weak_ptr<connection> weak = self;
  read_on release = [weak, x] {
    if (x->released) return;
    x->released = true;
    if (auto c = weak.lock()) c->notify();
  };
  try {
    x->outcome = co_await handler_.handle(std::move(frame), info_, std::move(release));
  } catch (const std::exception& e) {
    spdlog::error("closing connection {} from {}: request failed: {}", info_.id, info_.peer, e.what());
    x->outcome = frame_outcome{std::nullopt, true};
  }
  x->done = true;
  x->released = true;
  --running_;
  notify();
}

asio::awaitable<void> connection::write_responses() {
  for (;;) {
    co_await wait_for(writer_wake_, [&] { return (!queue_.empty() && queue_.front()->done) || (reading_done_ && queue_.empty()); });
    if (queue_.empty()) co_return;
    auto x = std::move(queue_.front());
    queue_.pop_front();
    notify();  // the reader may have been waiting for room
    if (x->outcome.response && !closing_) {
      auto write_ec = co_await send_frame(socket_, *x->outcome.response);
      if (write_ec) {
        closing_ = true;
        close_socket();
      }
    }
    in_flight_.fetch_sub(1);
    if (x->outcome.close_connection || stopping_) {
      // Later requests still finish (their handlers hold references into this connection), but
      // nothing more is written or read.
      closing_ = true;
      close_socket();
      notify();
    }
  }
}

}  // namespace gregor::net
