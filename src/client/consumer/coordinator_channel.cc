#include "client/consumer/coordinator_channel.h"

#include "client/net/error_kinds.h"
#include "protocol/messages/find_coordinator.h"

namespace gregor::client {

using protocol::error_code;

bool coordinator_channel::is_coordinator_error(error_code e) {
  return is_coordinator_moved_error(e) || e == error_code::network_exception || e == error_code::request_timed_out;
}

void coordinator_channel::mark_unknown(const std::string& why) {
  connection_.reset();
  last_unknown_reason_ = why;
}

void coordinator_channel::close() {
  closed_ = true;
  connection_.reset();
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting) w(tl::make_unexpected(network_error("consumer closed")));
}

void coordinator_channel::ensure(std::function<void(client_result<connection_ptr>)> ready) {
  if (closed_) return ready(tl::make_unexpected(network_error("consumer closed")));
  if (known()) return ready(connection_);
  waiting_.push_back(std::move(ready));
  if (looking_up_) return;
  looking_up_ = true;
  protocol::find_coordinator_request request;
  request.key = group_id_;
  request.key_type = 0;
  cluster_.send_any<protocol::find_coordinator_response>(
      std::move(request), [this](client_result<protocol::find_coordinator_response> r) {
        if (closed_) return;
        if (!r) return on_found(tl::make_unexpected(r.error()));
        if (r->error_code != 0) {
          return on_found(tl::make_unexpected(
              error_from(r->error_code, "FindCoordinator for group " + group_id_ + ": " + r->error_message.value_or(""))));
        }
        // Coordinators get ids of their own (as Java's client does): see the header.
        int32_t id = std::numeric_limits<int32_t>::max() - r->node_id;
        auto conn = cluster_.connection(id, r->host, static_cast<uint16_t>(r->port));
        if (!conn) {
          return on_found(tl::make_unexpected(network_error("coordinator " + r->host + ":" + std::to_string(r->port) +
                                                            " is backing off after a failed connection")));
        }
        on_found(conn);
      });
}

void coordinator_channel::on_found(client_result<connection_ptr> r) {
  looking_up_ = false;
  if (r) connection_ = *r;
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting) w(r);
}

}  // namespace gregor::client
