// admin_errors: failures to exceptions, and which wire errors mean "route again".
#include "client/admin/admin_errors.h"

#include "gregor/errors.h"

namespace gregor::client::admin {

using protocol::error_code;

std::exception_ptr to_exception(const client_error& e) {
  if (e.code == error_code::request_timed_out) return std::make_exception_ptr(kafka_timeout_error(e.message));
  return std::make_exception_ptr(kafka_error(e.code, e.message));
}

client_error item_error(int16_t code, const std::optional<std::string>& message, const std::string& context) {
  if (message && !message->empty()) return error_from(code, *message);
  return error_from(code, context);
}

bool is_routing_error(error_code code) {
  switch (code) {
    case error_code::not_leader_or_follower:
    case error_code::leader_not_available:
    case error_code::not_controller:
    case error_code::unknown_topic_or_partition:
    case error_code::fenced_leader_epoch:
    case error_code::unknown_leader_epoch:
    case error_code::replica_not_available:
    case error_code::offset_not_available:
    case error_code::broker_not_available:
      return true;
    default:
      return false;
  }
}

bool is_coordinator_error(error_code code) {
  return code == error_code::not_coordinator || code == error_code::coordinator_not_available ||
         code == error_code::coordinator_load_in_progress;
}

}  // namespace gregor::client::admin
