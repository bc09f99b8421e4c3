// InitProducerId for idempotent producers: a fresh producer id, or (v3+, KIP-360) the same id
// with its epoch bumped when the producer asks to continue after an error.
#include <spdlog/spdlog.h>

#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<init_producer_id_response> init_producer_id(request_context& ctx, init_producer_id_request& req) {
  init_producer_id_response resp;
  if (req.transactional_id.has_value()) {
    // Transactions are not served yet (their APIs are not advertised), so no client gets here
    // legitimately; refuse clearly rather than hand out a non-transactional id.
    resp.error_code = to_int(error_code::invalid_request);
    co_return resp;
  }
  if (req.producer_id >= 0 && req.producer_epoch >= 0 && req.producer_epoch < INT16_MAX - 1) {
    resp.producer_id = req.producer_id;
    resp.producer_epoch = static_cast<int16_t>(req.producer_epoch + 1);
    co_return resp;
  }
  auto allocated = ctx.owner.producer_ids().allocate();
  if (!allocated) {
    spdlog::error("cannot allocate a producer id: {}", allocated.error());
    resp.error_code = to_int(error_code::unknown_server_error);
    co_return resp;
  }
  resp.producer_id = allocated->producer_id;
  resp.producer_epoch = allocated->producer_epoch;
  co_return resp;
}

}  // namespace gregor::broker::handlers
