// admin_errors: how the admin client turns failures into the exceptions its futures carry.
//
// A broker's error code becomes a gregor::kafka_error with Kafka's name and the broker's message
// (or, when the broker sent none, one naming the item); REQUEST_TIMED_OUT becomes
// kafka_timeout_error so callers can catch every timeout alike. Pure functions, any thread.
#pragma once

#include <exception>
#include <optional>
#include <string>

#include "client/net/client_error.h"

namespace gregor::client::admin {

// The exception a future fails with for `e`.
std::exception_ptr to_exception(const client_error& e);

// A per-item error from a response: the broker's message when it sent one, else `context`.
client_error item_error(int16_t code, const std::optional<std::string>& message, const std::string& context);

// Errors that mean "ask the metadata again and retry": the leader or controller moved, or the
// topic is not known yet on that broker.
bool is_routing_error(protocol::error_code code);
// Errors that mean "look the group's coordinator up again and retry" (or just retry, while loading).
bool is_coordinator_error(protocol::error_code code);

}  // namespace gregor::client::admin
