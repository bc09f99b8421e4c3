// client_error: what every client operation fails with — a Kafka error code plus a human message.
//
// Network failures use NETWORK_EXCEPTION, timeouts REQUEST_TIMED_OUT, so callers classify all
// failures the same way (protocol::is_retriable) whether the broker or the socket produced them.
#pragma once

#include <string>

#include "base/result.h"
#include "protocol/error_code.h"

namespace gregor::client {

struct client_error {
  protocol::error_code code = protocol::error_code::unknown_server_error;
  std::string message;

  bool retriable() const { return protocol::is_retriable(code); }
  std::string describe() const {
    std::string out(protocol::error_name(code));
    if (!message.empty()) out += ": " + message;
    return out;
  }
};

template <class T>
using client_result = result<T, client_error>;

inline client_error network_error(std::string message) {
  return {protocol::error_code::network_exception, std::move(message)};
}
inline client_error timeout_error(std::string message) {
  return {protocol::error_code::request_timed_out, std::move(message)};
}
inline client_error error_from(int16_t code, std::string message = {}) {
  return {static_cast<protocol::error_code>(code), std::move(message)};
}

}  // namespace gregor::client
