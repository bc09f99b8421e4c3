// Heartbeat: keeps a member's session alive and tells it when a rebalance is under way.
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<heartbeat_response> heartbeat(request_context& ctx, heartbeat_request& req) {
  heartbeat_response resp;
  resp.error_code =
      to_int(ctx.owner.groups().heartbeat(req.group_id, req.generation_id, req.member_id, req.group_instance_id));
  co_return resp;
}

}  // namespace gregor::broker::handlers
