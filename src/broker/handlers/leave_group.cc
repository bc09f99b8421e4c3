// LeaveGroup: one member (v0-v2) or a batch of members (v3+, KIP-345) leave; the group rebalances.
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<leave_group_response> leave_group(request_context& ctx, leave_group_request& req) {
  std::vector<coordinator::leaving_member> leaving;
  if (ctx.version() < 3) {
    leaving.push_back({req.member_id, std::nullopt});
  } else {
    for (const auto& m : req.members) leaving.push_back({m.member_id, m.group_instance_id});
  }
  auto result = ctx.owner.groups().leave_group(req.group_id, leaving);
  leave_group_response resp;
  resp.error_code = to_int(result.error);
  if (ctx.version() < 3) {
    // One member: its error is the response's error.
    if (result.error == error_code::none && !result.member_errors.empty())
      resp.error_code = to_int(result.member_errors.front());
    co_return resp;
  }
  for (size_t i = 0; i < result.member_errors.size(); ++i) {
    resp.members.push_back({leaving[i].member_id, leaving[i].group_instance_id, to_int(result.member_errors[i])});
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
