// What the group handlers share: callback_waiter (for coordinator callbacks) and the client
// address as Kafka reports it.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "broker/broker.h"
#include "broker/request_context.h"
#include "broker/callback_waiter.h"

namespace gregor::broker::handlers {

// "/127.0.0.1", the way Kafka prints a member's host.
inline std::string client_host(const request_context& ctx) {
  const std::string& peer = ctx.connection.peer;
  auto colon = peer.rfind(':');
  std::string host = colon == std::string::npos ? peer : peer.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return "/" + host;
}

}  // namespace gregor::broker::handlers
