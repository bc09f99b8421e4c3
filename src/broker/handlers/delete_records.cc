// DeleteRecords: move each partition's log start offset forward (-1 means "to the high
// watermark"); whole segments below it are deleted.
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<delete_records_response> delete_records(request_context& ctx, delete_records_request& req) {
  broker& b = ctx.owner;
  delete_records_response resp;
  for (auto& tr : req.topics) {
    auto& out_topic = resp.topics.emplace_back();
    out_topic.name = tr.name;
    auto t = b.topics().find(tr.name);
    for (auto& pr : tr.partitions) {
      auto& out = out_topic.partitions.emplace_back();
      out.partition_index = pr.partition_index;
      out.low_watermark = -1;
      auto p = t ? t->find_partition(pr.partition_index) : nullptr;
      if (!p) {
        out.error_code = to_int(error_code::unknown_topic_or_partition);
        continue;
      }
      storage::log& log = p->log();
      int64_t offset = pr.offset == -1 ? log.high_watermark() : pr.offset;
      if (offset < 0 || offset > log.high_watermark()) {
        out.error_code = to_int(error_code::offset_out_of_range);
        continue;
      }
      if (offset > log.log_start_offset()) {
        auto moved = log.delete_records_before(offset);
        if (!moved) {
          out.error_code = to_int(error_code::kafka_storage_error);
          continue;
        }
        std::lock_guard lock(p->mutex());
        p->producer_state().remove_before(log.log_start_offset());
      }
      out.low_watermark = log.log_start_offset();
    }
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
