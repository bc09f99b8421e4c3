// OffsetForLeaderEpoch: the end offset of the requested leader epoch (for a consumer validating
// its position, or a follower truncating). One node has had one epoch, 0, so far.
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<offset_for_leader_epoch_response> offset_for_leader_epoch(request_context& ctx,
                                                                          offset_for_leader_epoch_request& req) {
  broker& b = ctx.owner;
  offset_for_leader_epoch_response resp;
  for (auto& tr : req.topics) {
    auto& out_topic = resp.topics.emplace_back();
    out_topic.topic = tr.topic;
    auto t = b.topics().find(tr.topic);
    for (auto& pr : tr.partitions) {
      auto& out = out_topic.partitions.emplace_back();
      out.partition = pr.partition;
      auto p = t ? t->find_partition(pr.partition) : nullptr;
      if (!p) {
        out.error_code = to_int(error_code::unknown_topic_or_partition);
        continue;
      }
      if (auto epoch_error = p->check_leader_epoch(pr.current_leader_epoch); epoch_error != error_code::none) {
        out.error_code = to_int(epoch_error);
        continue;
      }
      auto [epoch, end_offset] = p->log().end_offset_for_epoch(pr.leader_epoch);
      out.leader_epoch = epoch;
      out.end_offset = end_offset;
    }
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
