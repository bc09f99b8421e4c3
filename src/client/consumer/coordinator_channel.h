// coordinator_channel: the connection to a consumer group's coordinator, found and re-found.
//
// Runs on the I/O thread. ensure() looks the coordinator up with FindCoordinator (key type 0,
// the group id) through any broker, one lookup at a time however many callers wait, and connects
// to it under the id INT32_MAX - node_id: a connection of its own, so that heartbeats and commits
// never queue behind long-polling fetches to the same broker. When the coordinator moves (a
// NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE answer, which callers report with mark_unknown())
// or its connection fails, the next ensure() looks it up again. Failures go back to the caller,
// who retries after retry_backoff_ms.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "client/net/cluster_client.h"

namespace gregor::client {

class coordinator_channel {
 public:
  using connection_ptr = std::shared_ptr<broker_connection>;

  coordinator_channel(cluster_client& cluster, std::string group_id) : cluster_(cluster), group_id_(std::move(group_id)) {}

  const std::string& group_id() const { return group_id_; }

  void ensure(std::function<void(client_result<connection_ptr>)> ready);

  // Sends to the coordinator; network failures and timeouts also forget it.
  template <class Response, class Request>
  void send(Request request, std::function<void(client_result<Response>)> callback, send_options options = {}) {
    ensure([this, request = std::move(request), callback = std::move(callback),
            options](client_result<connection_ptr> conn) mutable {
      if (!conn) return callback(tl::make_unexpected(conn.error()));
      (*conn)->send<Response>(
          std::move(request),
          [this, callback = std::move(callback)](client_result<Response> r) {
            if (!r && is_coordinator_error(r.error().code)) mark_unknown(r.error().describe());
            callback(std::move(r));
          },
          options);
    });
  }

  // Forgets the coordinator (its connection stays for requests already in flight).
  void mark_unknown(const std::string& why);
  bool known() const { return connection_ && !connection_->closed(); }
  // Errors after which the coordinator must be looked up again.
  static bool is_coordinator_error(protocol::error_code e);
  void close();

 private:
  void on_found(client_result<connection_ptr> r);

  cluster_client& cluster_;
  std::string group_id_;
  connection_ptr connection_;
  bool looking_up_ = false;
  bool closed_ = false;
  std::vector<std::function<void(client_result<connection_ptr>)>> waiting_;
  std::string last_unknown_reason_;
};

}  // namespace gregor::client
