// JoinGroup: waits until the group's rebalance completes (or answers at once with an error or
// MEMBER_ID_REQUIRED). The coordinator decides; this only translates.
#include "broker/handlers/group_common.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<join_group_response> join_group(request_context& ctx, join_group_request& req) {
  coordinator::join_request j;
  j.group_id = req.group_id;
  j.member_id = req.member_id;
  j.group_instance_id = req.group_instance_id;
  j.session_timeout_ms = req.session_timeout_ms;
  // v0 has no rebalance timeout: Kafka uses the session timeout.
  j.rebalance_timeout_ms = ctx.version() >= 1 ? req.rebalance_timeout_ms : req.session_timeout_ms;
  j.protocol_type = req.protocol_type;
  for (auto& p : req.protocols) j.protocols.push_back({p.name, p.metadata});
  j.require_known_member_id = ctx.version() >= 4;
  j.supports_skip_assignment = ctx.version() >= 9;
  coordinator::client_info client{std::string(ctx.client_id()), client_host(ctx)};
  auto& groups = ctx.owner.groups();
  auto waiter = callback_waiter<coordinator::join_result>::create(co_await asio::this_coro::executor);
  groups.join_group(std::move(j), client, waiter->callback());
  auto result = co_await waiter->wait();

  join_group_response resp;
  resp.error_code = to_int(result.error);
  resp.generation_id = result.generation_id;
  resp.protocol_type = result.protocol_type;
  resp.protocol_name = result.protocol_name;
  if (ctx.version() < 7 && !resp.protocol_name) resp.protocol_name = "";  // not nullable before v7
  resp.leader = result.leader;
  resp.skip_assignment = result.skip_assignment;
  resp.member_id = result.member_id;
  for (auto& m : result.members) resp.members.push_back({m.member_id, m.group_instance_id, m.metadata});
  co_return resp;
}

}  // namespace gregor::broker::handlers
