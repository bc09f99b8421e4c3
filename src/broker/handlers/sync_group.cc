// SyncGroup: the leader hands in the assignment; every member waits for its own.
#include "broker/handlers/group_common.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<sync_group_response> sync_group(request_context& ctx, sync_group_request& req) {
  coordinator::sync_request s;
  s.group_id = req.group_id;
  s.generation_id = req.generation_id;
  s.member_id = req.member_id;
  s.group_instance_id = req.group_instance_id;
  s.protocol_type = req.protocol_type;
  s.protocol_name = req.protocol_name;
  for (auto& a : req.assignments) s.assignments.emplace_back(a.member_id, a.assignment);
  auto& groups = ctx.owner.groups();
  auto waiter = callback_waiter<coordinator::sync_result>::create(co_await asio::this_coro::executor);
  groups.sync_group(std::move(s), waiter->callback());
  auto result = co_await waiter->wait();
  sync_group_response resp;
  resp.error_code = to_int(result.error);
  resp.protocol_type = result.protocol_type;
  resp.protocol_name = result.protocol_name;
  resp.assignment = result.assignment;
  co_return resp;
}

}  // namespace gregor::broker::handlers
