// FindCoordinator: this broker coordinates every group (single node). The first lookup creates
// `__consumer_offsets`, as Kafka does. Transaction coordinators are not served yet.
#include "broker/broker.h"
#include "broker/callback_waiter.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

namespace {
constexpr int8_t group_key = 0, transaction_key = 1;
}

asio::awaitable<find_coordinator_response> find_coordinator(request_context& ctx, find_coordinator_request& req) {
  auto& b = ctx.owner;
  error_code offsets_topic = error_code::none;
  if (req.key_type == group_key && !b.offsets_topic_ready()) {
    // Creating 50 partitions is file work: do it on the admin thread.
    auto waiter = callback_waiter<error_code>::create(co_await asio::this_coro::executor);
    b.run_admin([&b, done = waiter->callback()] { done(b.ensure_offsets_topic()); });
    offsets_topic = co_await waiter->wait();
  }
  auto lookup = [&](const std::string& key) {
    find_coordinator_response::coordinator c;
    c.key = key;
    c.node_id = -1;
    c.port = -1;
    error_code e = error_code::none;
    if (req.key_type == group_key) {
      e = offsets_topic;
      if (e != error_code::none) c.error_message = "the group coordinator is not available yet";
    } else if (req.key_type == transaction_key) {
      e = error_code::coordinator_not_available;
      c.error_message = "transactions are not supported by this broker yet";
    } else {
      e = error_code::invalid_request;
      c.error_message = "unknown key type " + std::to_string(req.key_type);
    }
    c.error_code = to_int(e);
    if (e == error_code::none) {
      c.node_id = b.node_id();
      c.host = b.advertised_host();
      c.port = b.advertised_port();
    }
    return c;
  };
  find_coordinator_response resp;
  if (ctx.version() >= 4) {
    for (const auto& key : req.coordinator_keys) resp.coordinators.push_back(lookup(key));
    co_return resp;
  }
  auto c = lookup(req.key);
  resp.error_code = c.error_code;
  resp.error_message = c.error_message;
  resp.node_id = c.node_id;
  resp.host = c.host;
  resp.port = c.port;
  co_return resp;
}

}  // namespace gregor::broker::handlers
