// broker_connection: one TCP connection from a client to one broker, with request pipelining.
//
// Lives on the client's I/O thread (every method must be called there; callbacks run there too).
// On first use it connects, sends ApiVersions (v3, falling back to v0 when the broker rejects it)
// and then sends queued requests, each at the highest version both sides support. Any number of
// requests may be in flight; Kafka answers them in order, so responses are matched to the oldest
// in-flight request and checked by correlation id. A request that outlives its timeout closes the
// connection (as Kafka's clients do: a late answer can no longer be trusted) and every request on
// it fails with REQUEST_TIMED_OUT or NETWORK_EXCEPTION; reconnecting is the owner's decision.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "base/shared_bytes.h"
#include "client/net/api_versions.h"
#include "client/net/client_error.h"
#include "protocol/codec/codec.h"
#include "protocol/request_header.h"

namespace gregor::client {

struct connection_options {
  std::string client_id = "gregor";
  int32_t request_timeout_ms = 30000;
  int32_t connect_timeout_ms = 10000;
  // Larger response frames are treated as corrupt (protects against garbage sizes).
  int32_t max_response_bytes = 256 * 1024 * 1024;
};

struct send_options {
  // Added to request_timeout_ms (Fetch waits up to max_wait_ms on the broker before answering).
  int32_t extra_timeout_ms = 0;
  // Produce with acks=0 gets no answer: the callback runs once the bytes are written.
  bool expect_response = true;
  // Use at most this version (some callers need an older layout).
  std::optional<int16_t> max_version;
};

class broker_connection : public std::enable_shared_from_this<broker_connection> {
 public:
  enum class state { idle, connecting, ready, closed };

  static std::shared_ptr<broker_connection> create(asio::io_context& io, int32_t node_id, std::string host,
                                                   uint16_t port, connection_options options);
  ~broker_connection();

  int32_t node_id() const { return node_id_; }
  const std::string& host() const { return host_; }
  uint16_t port() const { return port_; }
  state current_state() const { return state_; }
  bool ready() const { return state_ == state::ready; }
  bool closed() const { return state_ == state::closed; }
  // Requests written and not yet answered, plus those waiting to be written.
  size_t in_flight() const { return in_flight_.size() + queued_.size(); }
  const broker_versions& versions() const { return versions_; }
  // The version a request would be sent at now (nullopt before the handshake or if unsupported).
  std::optional<int16_t> version_for(int16_t api_key) const { return versions_.pick(api_key); }
  // Why the connection closed (valid once closed()).
  const client_error& close_reason() const { return close_reason_; }

  // Starts connecting if idle; `on_ready` (optional) runs once it is ready or has failed.
  void connect(std::function<void(const client_result<void>&)> on_ready = {});
  void close(client_error reason);

  // Sends a request; the callback gets the decoded response or the failure. Queued until ready.
  template <class Response, class Request>
  void send(Request request, std::function<void(client_result<Response>)> callback, send_options options = {}) {
    auto shared = std::make_shared<Request>(std::move(request));
    pending p;
    p.api_key = Request::api_key;
    p.options = options;
    p.encode = [shared](protocol::writer& w, int16_t version) { protocol::encode(w, *shared, version); };
    p.request_flexible = [](int16_t v) { return Request::flexible.contains(v); };
    p.response_flexible = [](int16_t v) { return Response::flexible.contains(v) && Request::api_key != 18; };
    p.complete = [callback = std::move(callback)](client_result<protocol::reader*> r, int16_t version) {
      if (!r) return callback(tl::make_unexpected(std::move(r.error())));
      Response response;
      if (!protocol::decode(**r, response, version))
        return callback(tl::make_unexpected(
            client_error{protocol::error_code::corrupt_message,
                         std::string("malformed ") + std::string(Response::name) + " v" + std::to_string(version)}));
      callback(std::move(response));
    };
    enqueue(std::move(p));
  }

 private:
  struct pending {
    int16_t api_key = 0;
    int16_t version = 0;
    int32_t correlation_id = 0;
    send_options options;
    std::chrono::steady_clock::time_point deadline;
    std::function<void(protocol::writer&, int16_t)> encode;
    bool (*request_flexible)(int16_t) = nullptr;
    bool (*response_flexible)(int16_t) = nullptr;
    std::function<void(client_result<protocol::reader*>, int16_t)> complete;
  };

  broker_connection(asio::io_context& io, int32_t node_id, std::string host, uint16_t port,
                    connection_options options);

  void enqueue(pending p);
  void start_connect();
  void on_connected();
  void send_api_versions(int16_t version);
  void mark_ready();
  void flush_queue();
  void start_write();
  void start_read_size();
  void start_read_body(size_t size);
  void on_frame(shared_bytes frame);
  void arm_timer();
  void check_timeouts();
  void fail_request(pending& p, const client_error& e);

  asio::io_context& io_;
  int32_t node_id_;
  std::string host_;
  uint16_t port_;
  connection_options options_;
  state state_ = state::idle;
  asio::ip::tcp::resolver resolver_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  bool timer_armed_ = false;
  std::chrono::steady_clock::time_point connect_deadline_;
  broker_versions versions_;
  std::vector<std::function<void(const client_result<void>&)>> on_ready_;
  client_error close_reason_;

  int32_t next_correlation_id_ = 1;
  std::deque<pending> queued_;     // waiting for the handshake or for the current write
  std::deque<pending> in_flight_;  // written (or being written), awaiting answers in order
  bool writing_ = false;
  std::vector<protocol::writer> write_frames_;  // frames of the write in progress
  std::vector<asio::const_buffer> write_buffers_;
  size_t writing_count_ = 0;  // in_flight_ entries whose bytes are in the write in progress
  uint8_t size_buffer_[4];
};

}  // namespace gregor::client
