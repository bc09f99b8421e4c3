// OffsetCommit: answered once the offsets are durable in __consumer_offsets.
#include "broker/handlers/group_common.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<offset_commit_response> offset_commit(request_context& ctx, offset_commit_request& req) {
  coordinator::commit_request c;
  c.group_id = req.group_id;
  c.generation_id = req.generation_id_or_member_epoch;
  c.member_id = req.member_id;
  c.group_instance_id = req.group_instance_id;
  c.retention_time_ms = ctx.version() >= 2 && ctx.version() <= 4 ? req.retention_time_ms : -1;
  for (const auto& t : req.topics) {
    for (const auto& p : t.partitions) {
      c.offsets.push_back({t.name, p.partition_index, p.committed_offset, p.committed_leader_epoch,
                           p.committed_metadata, ctx.version() == 1 ? p.commit_timestamp : -1});
    }
  }
  auto& b = ctx.owner;
  using outcome = std::pair<error_code, std::vector<error_code>>;
  auto waiter = callback_waiter<outcome>::create(co_await asio::this_coro::executor);
  b.groups().commit_offsets(
      std::move(c),
      [&b](const std::string& topic, int32_t partition) { return b.topics().find_partition(topic, partition) != nullptr; },
      [done = waiter->callback()](error_code e, std::vector<error_code> errors) { done(outcome{e, std::move(errors)}); });
  auto result = co_await waiter->wait();

  offset_commit_response resp;
  size_t i = 0;
  for (const auto& t : req.topics) {
    offset_commit_response::topic rt;
    rt.name = t.name;
    for (const auto& p : t.partitions) {
      error_code e = i < result.second.size() ? result.second[i] : result.first;
      rt.partitions.push_back({p.partition_index, to_int(e)});
      ++i;
    }
    resp.topics.push_back(std::move(rt));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
