// DeleteGroups: deletes empty groups and their offsets (tombstones in __consumer_offsets).
#include "broker/handlers/group_common.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<delete_groups_response> delete_groups(request_context& ctx, delete_groups_request& req) {
  auto& groups = ctx.owner.groups();
  auto waiter = callback_waiter<std::vector<error_code>>::create(co_await asio::this_coro::executor);
  groups.delete_groups(req.groups_names, waiter->callback());
  auto errors = co_await waiter->wait();
  delete_groups_response resp;
  for (size_t i = 0; i < req.groups_names.size(); ++i) {
    resp.results.push_back({req.groups_names[i], to_int(i < errors.size() ? errors[i] : error_code::unknown_server_error)});
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
