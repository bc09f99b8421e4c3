// OffsetFetch: committed offsets of one group (v0-v7) or of several (v8+). A group or partition
// without a commit gets offset -1 and no error, as Kafka answers.
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {
namespace {

using partition_list = std::vector<std::pair<std::string, std::vector<int32_t>>>;

template <class Topic>
std::optional<partition_list> requested(const std::optional<std::vector<Topic>>& topics) {
  if (!topics) return std::nullopt;
  partition_list out;
  for (const auto& t : *topics) out.emplace_back(t.name, t.partition_indexes);
  return out;
}

// Groups the coordinator's flat answer by topic, in the order it came.
template <class TopicOut>
std::vector<TopicOut> by_topic(const coordinator::fetch_offsets_result& r, error_code per_partition_error) {
  std::vector<TopicOut> out;
  for (const auto& f : r.offsets) {
    if (out.empty() || out.back().name != f.topic) {
      out.emplace_back();
      out.back().name = f.topic;
    }
    typename decltype(out.back().partitions)::value_type p;
    p.partition_index = f.partition;
    p.committed_offset = f.value.offset;
    p.committed_leader_epoch = f.value.leader_epoch;
    p.metadata = f.value.offset >= 0 ? f.value.metadata : std::string();
    p.error_code = to_int(per_partition_error != error_code::none ? per_partition_error : f.error);
    out.back().partitions.push_back(std::move(p));
  }
  return out;
}

}  // namespace

asio::awaitable<offset_fetch_response> offset_fetch(request_context& ctx, offset_fetch_request& req) {
  auto& groups = ctx.owner.groups();
  offset_fetch_response resp;
  if (ctx.version() >= 8) {
    for (const auto& g : req.groups) {
      auto result = groups.fetch_offsets(g.group_id, requested(g.topics));
      offset_fetch_response::group out;
      out.group_id = g.group_id;
      out.error_code = to_int(result.error);
      if (result.error == error_code::none) out.topics = by_topic<offset_fetch_response::group::topics_data>(result, error_code::none);
      resp.groups.push_back(std::move(out));
    }
    co_return resp;
  }
  auto wanted = requested(req.topics);
  auto result = groups.fetch_offsets(req.group_id, wanted);
  if (result.error != error_code::none) {
    if (ctx.version() >= 2) {
      resp.error_code = to_int(result.error);
      co_return resp;
    }
    // v0-v1 have no top-level error: every requested partition carries it.
    if (wanted) {
      for (const auto& [topic, parts] : *wanted)
        for (int32_t p : parts) result.offsets.push_back({topic, p, {}, result.error});
    }
    resp.topics = by_topic<offset_fetch_response::topic>(result, result.error);
    co_return resp;
  }
  resp.topics = by_topic<offset_fetch_response::topic>(result, error_code::none);
  co_return resp;
}

}  // namespace gregor::broker::handlers
