// admin_errors: failures to exceptions, and which wire errors mean "route again".
#include "client/admin/admin_errors.h"

#include "client/net/error_kinds.h"
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
  return is_stale_metadata_error(code) || code == error_code::not_controller ||
         code == error_code::broker_not_available;
}

bool is_coordinator_error(error_code code) {
  return is_coordinator_moved_error(code) || code == error_code::coordinator_load_in_progress;
}

}  // namespace gregor::client::admin
