// OffsetDelete: removes committed offsets of topics the group no longer subscribes to.
#include "broker/handlers/group_common.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<offset_delete_response> offset_delete(request_context& ctx, offset_delete_request& req) {
  std::vector<std::pair<std::string, int32_t>> partitions;
  for (const auto& t : req.topics)
    for (const auto& p : t.partitions) partitions.emplace_back(t.name, p.partition_index);
  auto& groups = ctx.owner.groups();
  using outcome = std::pair<error_code, std::vector<error_code>>;
  auto waiter = callback_waiter<outcome>::create(co_await asio::this_coro::executor);
  groups.delete_offsets(req.group_id, std::move(partitions),
                        [done = waiter->callback()](error_code e, std::vector<error_code> errors) {
                          done(outcome{e, std::move(errors)});
                        });
  auto result = co_await waiter->wait();
  offset_delete_response resp;
  resp.error_code = to_int(result.first);
  if (result.first != error_code::none) co_return resp;
  size_t i = 0;
  for (const auto& t : req.topics) {
    offset_delete_response::topic rt;
    rt.name = t.name;
    for (const auto& p : t.partitions) {
      rt.partitions.push_back({p.partition_index, to_int(i < result.second.size() ? result.second[i] : error_code::none)});
      ++i;
    }
    resp.topics.push_back(std::move(rt));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
