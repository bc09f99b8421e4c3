// cluster_client: connections to every broker of a cluster plus the metadata that names them.
//
// The shared network layer of the producer, consumer and admin client. It lives on one I/O thread
// (every method except metadata() must be called there). It bootstraps from bootstrap_servers,
// keeps at most one connection per broker (bootstrap connections get ids -1, -2, ...), backs off
// exponentially from brokers that fail (reconnect_backoff_ms .. reconnect_backoff_max_ms), closes
// connections idle for connections_max_idle_ms, and refreshes metadata on request.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "client/net/broker_connection.h"
#include "client/net/cluster_metadata.h"
#include "protocol/messages/metadata.h"

namespace gregor::client {

struct host_port {
  std::string host;
  uint16_t port = 9092;
};

// Parses "host:port,host:port" (port defaults to 9092, [v6]:port accepted); error text on failure.
result<std::vector<host_port>> parse_bootstrap_servers(const std::string& list);

struct cluster_options {
  std::vector<host_port> bootstrap;
  connection_options connection;
  int32_t reconnect_backoff_ms = 50;
  int32_t reconnect_backoff_max_ms = 1000;
  int32_t connections_max_idle_ms = 540000;
  bool allow_auto_create_topics = true;
};

class cluster_client {
 public:
  cluster_client(asio::io_context& io, cluster_options options);
  ~cluster_client();
  cluster_client(const cluster_client&) = delete;
  cluster_client& operator=(const cluster_client&) = delete;

  asio::io_context& io() { return io_; }
  const cluster_options& options() const { return options_; }

  // The latest metadata; any thread. Empty (updated_ms == 0) before the first answer.
  metadata_snapshot metadata() const;

  // The connection to a broker by id (connecting if needed); nullptr when the id is unknown or the
  // broker is in its reconnect backoff.
  std::shared_ptr<broker_connection> connection(int32_t node_id);
  // The connection to a broker given by address (group coordinators may be announced this way).
  std::shared_ptr<broker_connection> connection(int32_t node_id, const std::string& host, uint16_t port);
  // The ready connection with the fewest requests in flight, else one being set up, else a new
  // one to a known or bootstrap broker not backing off; nullptr when every broker is backing off.
  std::shared_ptr<broker_connection> least_loaded_connection();
  // Time until some broker leaves its backoff (for callers that wait and retry).
  std::chrono::milliseconds backoff_remaining() const;
  bool node_backing_off(int32_t node_id) const;

  // Sends to any broker, waiting through backoffs up to the request timeout.
  template <class Response, class Request>
  void send_any(Request request, std::function<void(client_result<Response>)> callback, send_options options = {}) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.connection.request_timeout_ms);
    send_any_until<Response>(std::move(request), std::move(callback), options, deadline);
  }

  // Sends to one broker; fails at once (NETWORK_EXCEPTION) when it is unknown or backing off.
  template <class Response, class Request>
  void send_to(int32_t node_id, Request request, std::function<void(client_result<Response>)> callback,
               send_options options = {}) {
    auto conn = connection(node_id);
    if (!conn) {
      auto e = node_unavailable(node_id);
      asio::post(io_, [callback = std::move(callback), e] { callback(tl::make_unexpected(e)); });
      return;
    }
    conn->send<Response>(std::move(request), std::move(callback), options);
  }

  // Asks any broker for metadata of `topics` (nullopt: all topics) and publishes the answer.
  void refresh_metadata(std::optional<std::vector<std::string>> topics,
                        std::function<void(client_result<metadata_snapshot>)> callback,
                        std::optional<bool> allow_auto_create = std::nullopt);

  // Closes every connection; requests in flight fail with NETWORK_EXCEPTION.
  void close();

 private:
  struct node_state {
    std::shared_ptr<broker_connection> connection;
    int failures = 0;
    std::chrono::steady_clock::time_point backoff_until{};
    std::chrono::steady_clock::time_point last_used{};
  };

  template <class Response, class Request>
  void send_any_until(Request request, std::function<void(client_result<Response>)> callback, send_options options,
                      std::chrono::steady_clock::time_point deadline) {
    auto conn = least_loaded_connection();
    if (conn) {
      conn->send<Response>(std::move(request), std::move(callback), options);
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      asio::post(io_, [callback = std::move(callback), e = no_broker_error()] { callback(tl::make_unexpected(e)); });
      return;
    }
    auto timer = std::make_shared<asio::steady_timer>(io_, backoff_remaining());
    timer->async_wait([this, timer, request = std::move(request), callback = std::move(callback), options,
                       deadline](const asio::error_code&) mutable {
      if (closed_) return callback(tl::make_unexpected(network_error("client closed")));
      send_any_until<Response>(std::move(request), std::move(callback), options, deadline);
    });
  }

  std::shared_ptr<broker_connection> open(int32_t node_id, const std::string& host, uint16_t port);
  void on_connection_done(int32_t node_id, const std::shared_ptr<broker_connection>& conn,
                          const client_result<void>& outcome);
  void apply_metadata(const protocol::metadata_response& response, bool all_topics,
                      const std::optional<std::vector<std::string>>& requested);
  void schedule_idle_check();
  client_error node_unavailable(int32_t node_id) const;
  client_error no_broker_error() const;

  asio::io_context& io_;
  cluster_options options_;
  std::map<int32_t, node_state> nodes_;
  size_t next_bootstrap_ = 0;
  bool closed_ = false;
  std::string last_connect_error_;
  asio::steady_timer idle_timer_;

  mutable std::mutex metadata_mutex_;
  metadata_snapshot metadata_;
};

}  // namespace gregor::client
