// ListOffsets: earliest (-2), latest (-1), max timestamp (-3, v7+), earliest local (-4, v8+),
// latest tiered (-5, v9+; no tiered storage, so none), or the first offset whose timestamp is
// at or after a given time. v0 answers with a list of offsets (old_style_offsets).
#include "broker/broker.h"
#include "broker/handlers/handlers.h"
#include "protocol/records/record_batch.h"

namespace gregor::broker::handlers {
namespace {
constexpr int64_t latest_timestamp = -1, earliest_timestamp = -2, max_timestamp = -3, earliest_local = -4,
                  latest_tiered = -5;

// The storage index finds the first batch whose max timestamp reaches `target`; Kafka answers
// with the first record in it that does, so decode that one batch.
std::optional<std::pair<int64_t, int64_t>> first_record_at_or_after(storage::log& log, int64_t target) {
  auto found = log.offset_for_timestamp(target);
  if (!found) return std::nullopt;
  auto read = log.read(found->first, 1, /*min_one_batch=*/true, log.high_watermark());
  if (!read || read->data.empty()) return found;
  auto batches = records::split_batches(read->data.span());
  if (!batches || batches->empty()) return found;
  const byte_span first = batches->front();
  auto decoded = records::read_records(read->data.slice(static_cast<size_t>(first.data() - read->data.data()), first.size()));
  if (!decoded) return found;
  if (decoded->header.log_append_time()) return std::make_pair(decoded->header.base_offset, decoded->header.max_timestamp);
  for (const auto& r : decoded->records)
    if (r.timestamp >= target && r.offset >= found->first) return std::make_pair(r.offset, r.timestamp);
  return found;
}
}  // namespace

asio::awaitable<list_offsets_response> list_offsets(request_context& ctx, list_offsets_request& req) {
  broker& b = ctx.owner;
  list_offsets_response resp;
  for (auto& tr : req.topics) {
    auto& out_topic = resp.topics.emplace_back();
    out_topic.name = tr.name;
    auto t = b.topics().find(tr.name);
    for (auto& pr : tr.partitions) {
      auto& out = out_topic.partitions.emplace_back();
      out.partition_index = pr.partition_index;
      auto p = t ? t->find_partition(pr.partition_index) : nullptr;
      if (!p) {
        out.error_code = to_int(error_code::unknown_topic_or_partition);
        continue;
      }
      if (auto epoch_error = p->check_leader_epoch(pr.current_leader_epoch); epoch_error != error_code::none) {
        out.error_code = to_int(epoch_error);
        continue;
      }
      storage::log& log = p->log();
      out.leader_epoch = p->leader_epoch();
      switch (pr.timestamp) {
        case latest_timestamp:
          out.offset = log.high_watermark();
          break;
        case earliest_timestamp:
        case earliest_local:
          out.offset = log.log_start_offset();
          break;
        case max_timestamp: {
          auto [ts, offset] = log.max_timestamp_and_offset();
          out.timestamp = ts;
          out.offset = offset;
          break;
        }
        case latest_tiered:
          out.offset = -1;
          out.leader_epoch = -1;
          break;
        default:
          if (pr.timestamp < 0) {
            out.error_code = to_int(error_code::invalid_request);
            break;
          }
          if (auto found = first_record_at_or_after(log, pr.timestamp)) {
            out.offset = found->first;
            out.timestamp = found->second;
          } else {
            out.offset = -1;
            out.leader_epoch = -1;
          }
      }
      if (ctx.version() == 0) out.old_style_offsets = {out.offset};
    }
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
