#include "net/server.h"

#include <asio/experimental/as_tuple.hpp>
#include <spdlog/spdlog.h>

#include "net/connection.h"

namespace gregor::net {
namespace {
constexpr auto as_result = asio::experimental::as_tuple(asio::use_awaitable);
}  // namespace

server::server(server_options options, frame_handler& handler) : options_(std::move(options)), handler_(handler) {
  int n = std::max(1, options_.threads);
  for (int i = 0; i < n; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
}

server::~server() { stop(); }

std::string server::listen() {
  asio::error_code ec;
  auto address = asio::ip::make_address(options_.host.empty() ? "0.0.0.0" : options_.host, ec);
  if (ec) return "invalid listener host '" + options_.host + "': " + ec.message();
  asio::ip::tcp::endpoint endpoint(address, options_.port);
  acceptor_ = std::make_unique<asio::ip::tcp::acceptor>(*contexts_[0]);
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + ec.message();
  bound_port_ = acceptor_->local_endpoint().port();
  return {};
}

void server::start() {
  asio::co_spawn(*contexts_[0], accept_loop(), asio::detached);
  for (auto& ctx : contexts_) {
    threads_.emplace_back([c = ctx.get()] { c->run(); });
  }
}

void server::stop(std::chrono::milliseconds drain) {
  if (stopping_.exchange(true)) return;
  if (acceptor_) {
    asio::post(*contexts_[0], [this] {
      asio::error_code ignored;
      acceptor_->close(ignored);
    });
  }
  // Let requests already being served finish and their responses go out; connections take no
  // new requests meanwhile. Idle connections are simply closed when the contexts stop.
  auto deadline = std::chrono::steady_clock::now() + drain;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline && !threads_.empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (in_flight_.load() > 0) spdlog::warn("stopping with {} requests still in flight", in_flight_.load());
  guards_.clear();
  for (auto& ctx : contexts_) ctx->stop();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

asio::awaitable<void> server::accept_loop() {
  size_t next = 0;
  while (!stopping_) {
    auto& target = *contexts_[next++ % contexts_.size()];
    auto [ec, socket] = co_await acceptor_->async_accept(target, as_result);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping_) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    uint64_t id = next_id_++;
    asio::co_spawn(target, serve(std::move(socket), id), asio::detached);
  }
}

asio::awaitable<void> server::serve(asio::ip::tcp::socket socket, uint64_t id) {
  auto c = std::make_shared<connection>(std::move(socket), id, handler_, options_, stopping_, in_flight_);
  co_await c->run();
}

}  // namespace gregor::net
