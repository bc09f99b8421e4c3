#include "client/net/broker_connection.h"

#include <algorithm>

#include "base/byte_order.h"
#include "protocol/messages/api_versions.h"

namespace gregor::client {

namespace {

using clock = std::chrono::steady_clock;
constexpr auto timer_tick = std::chrono::milliseconds(100);

}  // namespace

std::shared_ptr<broker_connection> broker_connection::create(asio::io_context& io, int32_t node_id, std::string host,
                                                             uint16_t port, connection_options options) {
  return std::shared_ptr<broker_connection>(
      new broker_connection(io, node_id, std::move(host), port, std::move(options)));
}

broker_connection::broker_connection(asio::io_context& io, int32_t node_id, std::string host, uint16_t port,
                                     connection_options options)
    : io_(io),
      node_id_(node_id),
      host_(std::move(host)),
      port_(port),
      options_(std::move(options)),
      resolver_(io),
      socket_(io),
      timer_(io) {}

broker_connection::~broker_connection() {
  asio::error_code ignored;
  socket_.close(ignored);
}

void broker_connection::connect(std::function<void(const client_result<void>&)> on_ready) {
  if (state_ == state::ready || state_ == state::closed) {
    if (on_ready) {
      client_result<void> outcome;
      if (state_ == state::closed) outcome = tl::make_unexpected(close_reason_);
      asio::post(io_, [on_ready = std::move(on_ready), outcome] { on_ready(outcome); });
    }
    return;
  }
  if (on_ready) on_ready_.push_back(std::move(on_ready));
  if (state_ == state::idle) start_connect();
}

void broker_connection::start_connect() {
  state_ = state::connecting;
  connect_deadline_ = clock::now() + std::chrono::milliseconds(options_.connect_timeout_ms);
  arm_timer();
  auto self = shared_from_this();
  resolver_.async_resolve(host_, std::to_string(port_), [self](const asio::error_code& ec, auto results) {
    if (self->state_ != state::connecting) return;
    if (ec) return self->close(network_error("cannot resolve " + self->host_ + ": " + ec.message()));
    asio::async_connect(self->socket_, results, [self](const asio::error_code& ec, const auto&) {
      if (self->state_ != state::connecting) return;
      if (ec) {
        return self->close(network_error("cannot connect to " + self->host_ + ":" + std::to_string(self->port_) +
                                         ": " + ec.message()));
      }
      self->on_connected();
    });
  });
}

void broker_connection::on_connected() {
  asio::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  start_read_size();
  send_api_versions(3);
}

// ApiVersions goes out ahead of everything queued; its answer decides every other version.
void broker_connection::send_api_versions(int16_t version) {
  pending p;
  p.api_key = 18;
  p.version = version;
  p.correlation_id = next_correlation_id_++;
  p.deadline = clock::now() + std::chrono::milliseconds(options_.request_timeout_ms);
  auto request = std::make_shared<protocol::api_versions_request>();
  request->client_software_name = "gregor-cpp";
  request->client_software_version = "0.1";
  p.encode = [request](protocol::writer& w, int16_t v) { protocol::encode(w, *request, v); };
  p.request_flexible = [](int16_t v) { return protocol::api_versions_request::flexible.contains(v); };
  p.response_flexible = [](int16_t) { return false; };
  auto self = shared_from_this();
  p.complete = [self](client_result<protocol::reader*> r, int16_t v) {
    if (!r) return;  // the connection is closing and fails everything itself
    protocol::api_versions_response response;
    bool decoded = protocol::decode(**r, response, v);
    // A broker that does not know v3 answers with a v0 body and UNSUPPORTED_VERSION.
    if (v > 0 && response.error_code == 35) return self->send_api_versions(0);
    if (!decoded && v > 0) return self->send_api_versions(0);
    if (!decoded || response.error_code != 0) {
      return self->close(error_from(decoded ? response.error_code : 2, "ApiVersions handshake failed"));
    }
    for (const auto& k : response.api_keys) self->versions_.set(k.api_key, {k.min_version, k.max_version});
    self->mark_ready();
  };
  in_flight_.push_back(std::move(p));
  // Written directly: the queue is held back until the handshake is done.
  if (!writing_) start_write();
}

void broker_connection::mark_ready() {
  state_ = state::ready;
  auto callbacks = std::move(on_ready_);
  on_ready_.clear();
  for (auto& cb : callbacks) cb(client_result<void>{});
  flush_queue();
}

void broker_connection::enqueue(pending p) {
  if (state_ == state::closed) {
    auto reason = close_reason_;
    asio::post(io_, [p = std::move(p), reason]() mutable { p.complete(tl::make_unexpected(reason), 0); });
    return;
  }
  p.deadline = clock::now() + std::chrono::milliseconds(options_.request_timeout_ms + p.options.extra_timeout_ms);
  queued_.push_back(std::move(p));
  if (state_ == state::idle) start_connect();
  else if (state_ == state::ready) flush_queue();
}

void broker_connection::flush_queue() {
  if (state_ != state::ready || writing_ || queued_.empty()) return;
  start_write();
}

// Writes every frame not yet written in one gather write: the handshake while connecting, else
// everything queued. in_flight_ holds them from now on, in the order they go on the wire.
void broker_connection::start_write() {
  write_frames_.clear();
  write_buffers_.clear();
  writing_count_ = 0;
  if (state_ == state::ready) {
    while (!queued_.empty()) {
      pending p = std::move(queued_.front());
      queued_.pop_front();
      auto version = versions_.pick(p.api_key);
      if (version && p.options.max_version) {
        auto ours = client_versions(p.api_key);
        if (*p.options.max_version < *version) version = *p.options.max_version;
        if (ours && *version < ours->min) version.reset();
      }
      if (!version) {
        auto r = versions_.broker_range(p.api_key);
        fail_request(p, {protocol::error_code::unsupported_version,
                         "broker " + std::to_string(node_id_) + " supports no usable version of API " +
                             std::to_string(p.api_key) +
                             (r ? " (it offers " + std::to_string(r->min) + ".." + std::to_string(r->max) + ")"
                                : std::string(" (not offered)"))});
        continue;
      }
      p.version = *version;
      p.correlation_id = next_correlation_id_++;
      in_flight_.push_back(std::move(p));
    }
  }
  // Frames to write: the in_flight_ tail that has not been written yet.
  size_t unwritten = 0;
  for (auto it = in_flight_.rbegin(); it != in_flight_.rend() && it->version >= 0 && it->encode; ++it) ++unwritten;
  if (unwritten == 0) return;
  for (size_t i = in_flight_.size() - unwritten; i < in_flight_.size(); ++i) {
    pending& p = in_flight_[i];
    protocol::writer w;
    size_t at = w.reserve_i32();
    protocol::write_request_header(w, {p.api_key, p.version, p.correlation_id, options_.client_id},
                                   p.request_flexible(p.version));
    p.encode(w, p.version);
    p.encode = nullptr;  // marks it written (and drops the request, which may hold large buffers)
    w.patch_i32(at, static_cast<int32_t>(w.size() - 4));
    write_frames_.push_back(std::move(w));
  }
  for (const auto& w : write_frames_) {
    w.for_each_piece([&](byte_span piece) { write_buffers_.emplace_back(piece.data(), piece.size()); });
  }
  writing_ = true;
  writing_count_ = unwritten;
  arm_timer();
  auto self = shared_from_this();
  asio::async_write(socket_, write_buffers_, [self](const asio::error_code& ec, size_t) {
    self->writing_ = false;
    self->write_frames_.clear();
    self->write_buffers_.clear();
    if (self->state_ == state::closed) return;
    if (ec) return self->close(network_error("write to broker " + std::to_string(self->node_id_) + ": " + ec.message()));
    // Requests that expect no answer (acks=0) are done once written.
    for (auto it = self->in_flight_.begin(); it != self->in_flight_.end();) {
      if (!it->options.expect_response && !it->encode) {
        pending p = std::move(*it);
        it = self->in_flight_.erase(it);
        p.complete(tl::make_unexpected(client_error{protocol::error_code::none, "no response expected"}), p.version);
      } else {
        ++it;
      }
    }
    self->flush_queue();
  });
}

void broker_connection::start_read_size() {
  auto self = shared_from_this();
  asio::async_read(socket_, asio::buffer(size_buffer_), [self](const asio::error_code& ec, size_t) {
    if (self->state_ == state::closed) return;
    if (ec) {
      return self->close(network_error("connection to broker " + std::to_string(self->node_id_) + " lost: " +
                                       (ec == asio::error::eof ? std::string("closed by the broker") : ec.message())));
    }
    int32_t size = load_be<int32_t>(self->size_buffer_);
    if (size < 4 || size > self->options_.max_response_bytes) {
      return self->close({protocol::error_code::corrupt_message,
                          "invalid response size " + std::to_string(size) + " from broker " +
                              std::to_string(self->node_id_)});
    }
    self->start_read_body(static_cast<size_t>(size));
  });
}

void broker_connection::start_read_body(size_t size) {
  // Not zero-filled: the read overwrites every byte, and responses (fetches) are large.
  std::shared_ptr<uint8_t[]> body = std::make_shared_for_overwrite<uint8_t[]>(size);
  auto self = shared_from_this();
  // Up to 1 MiB per read, whatever has arrived: asio's default completion condition stops every
  // 64 KiB, so a large fetch response cost a recv and a poll per 64 KiB (measured: ~10 % of
  // consumer throughput with 8 MiB responses; unbounded reads gained nothing more).
  auto up_to_1_mib = [size](const asio::error_code& ec, size_t done) -> size_t {
    return ec ? 0 : std::min<size_t>(size - done, 1 << 20);
  };
  asio::async_read(socket_, asio::buffer(body.get(), size), up_to_1_mib, [self, body, size](const asio::error_code& ec, size_t) {
    if (self->state_ == state::closed) return;
    if (ec) return self->close(network_error("connection to broker " + std::to_string(self->node_id_) + " lost: " + ec.message()));
    auto frame = shared_bytes::view(body, body.get(), size);
    self->on_frame(std::move(frame));
    if (self->state_ != state::closed) self->start_read_size();
  });
}

void broker_connection::on_frame(shared_bytes frame) {
  // The oldest request that expects an answer is the one being answered.
  auto it = in_flight_.begin();
  while (it != in_flight_.end() && !it->options.expect_response) ++it;
  if (it == in_flight_.end() || it->encode) {
    return close({protocol::error_code::corrupt_message, "unexpected response from broker " + std::to_string(node_id_)});
  }
  pending p = std::move(*it);
  in_flight_.erase(it);
  protocol::reader r(std::move(frame));
  int32_t correlation = 0;
  if (!protocol::read_response_header(r, correlation, p.response_flexible(p.version)) ||
      correlation != p.correlation_id) {
    client_error e{protocol::error_code::corrupt_message,
                   "response correlation id " + std::to_string(correlation) + " does not match request " +
                       std::to_string(p.correlation_id)};
    fail_request(p, e);
    return close(e);
  }
  p.complete(&r, p.version);
}

void broker_connection::arm_timer() {
  if (timer_armed_ || state_ == state::closed) return;
  timer_armed_ = true;
  timer_.expires_after(timer_tick);
  auto self = shared_from_this();
  timer_.async_wait([self](const asio::error_code&) {
    self->timer_armed_ = false;
    self->check_timeouts();
  });
}

void broker_connection::check_timeouts() {
  if (state_ == state::closed) return;
  auto now = clock::now();
  if (state_ == state::connecting && now >= connect_deadline_) {
    return close(timeout_error("connecting to " + host_ + ":" + std::to_string(port_) + " timed out after " +
                               std::to_string(options_.connect_timeout_ms) + " ms"));
  }
  for (const auto& p : in_flight_) {
    if (now >= p.deadline) {
      return close(timeout_error("request (API " + std::to_string(p.api_key) + ") to broker " +
                                 std::to_string(node_id_) + " got no answer in time"));
    }
  }
  for (auto it = queued_.begin(); it != queued_.end();) {
    if (now >= it->deadline) {
      pending p = std::move(*it);
      it = queued_.erase(it);
      fail_request(p, timeout_error("request (API " + std::to_string(p.api_key) + ") to broker " +
                                        std::to_string(node_id_) + " could not be sent in time"));
    } else {
      ++it;
    }
  }
  if (state_ == state::connecting || !in_flight_.empty() || !queued_.empty()) arm_timer();
}

void broker_connection::fail_request(pending& p, const client_error& e) {
  // Posted, never called inline: the callback may well send on this same connection.
  asio::post(io_, [complete = std::move(p.complete), e, v = p.version] { complete(tl::make_unexpected(e), v); });
}

void broker_connection::close(client_error reason) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  close_reason_ = reason;
  asio::error_code ignored;
  socket_.close(ignored);
  resolver_.cancel();
  timer_.cancel();
  for (auto& p : in_flight_) fail_request(p, reason);
  for (auto& p : queued_) fail_request(p, reason);
  in_flight_.clear();
  queued_.clear();
  auto callbacks = std::move(on_ready_);
  on_ready_.clear();
  for (auto& cb : callbacks) asio::post(io_, [cb = std::move(cb), reason] { cb(tl::make_unexpected(reason)); });
}

}  // namespace gregor::client
