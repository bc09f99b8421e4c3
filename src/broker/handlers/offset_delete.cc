// OffsetDelete: removes committed offsets of topics the group no longer subscribes to.
#include "broker/handlers/group_common.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<offset_delete_response> offset_delete(request_context& ctx, offset_delete_request& req) {
  auto& b = ctx.owner;
  // Partitions that do not exist get UNKNOWN_TOPIC_OR_PARTITION; the rest go to the coordinator.
  std::vector<std::pair<std::string, int32_t>> partitions;
  std::vector<bool> known;
  for (const auto& t : req.topics) {
    for (const auto& p : t.partitions) {
      bool exists = b.topics().find_partition(t.name, p.partition_index) != nullptr;
      known.push_back(exists);
      if (exists) partitions.emplace_back(t.name, p.partition_index);
    }
  }
  using outcome = std::pair<error_code, std::vector<error_code>>;
  auto waiter = callback_waiter<outcome>::create(co_await asio::this_coro::executor);
  b.groups().delete_offsets(req.group_id, std::move(partitions),
                            [done = waiter->callback()](error_code e, std::vector<error_code> errors) {
                              done(outcome{e, std::move(errors)});
                            });
  auto result = co_await waiter->wait();
  offset_delete_response resp;
  resp.error_code = to_int(result.first);
  if (result.first != error_code::none) co_return resp;
  size_t i = 0, asked = 0;
  for (const auto& t : req.topics) {
    offset_delete_response::topic rt;
    rt.name = t.name;
    for (const auto& p : t.partitions) {
      error_code e = error_code::unknown_topic_or_partition;
      if (known[i++]) e = asked < result.second.size() ? result.second[asked++] : error_code::none;
      rt.partitions.push_back({p.partition_index, to_int(e)});
    }
    resp.topics.push_back(std::move(rt));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
