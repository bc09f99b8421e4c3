#include "broker/consumer_offsets_log.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "broker/broker.h"
#include "protocol/records/batch_builder.h"
#include "protocol/records/record_batch.h"
#include "storage/log_batches.h"

namespace gregor::broker {
namespace {
int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

void consumer_offsets_log::append(int32_t partition_index, std::vector<record> records,
                                  std::function<void(protocol::error_code)> done) {
  auto p = owner_.topics().find_partition(coordinator::offsets_topic_name, partition_index);
  if (!p) {
    done(protocol::error_code::not_coordinator);
    return;
  }
  records::batch_options options;
  options.codec = codec_;
  records::batch_builder builder(options);
  int64_t now = wall_clock_ms();
  for (const auto& [key, value] : records) {
    std::optional<byte_span> v;
    if (value) v = value->span();
    builder.append(now, key.span(), v);
  }
  auto batch = builder.finish();
  if (!batch) {
    spdlog::error("building a __consumer_offsets batch: {}", batch.error());
    done(protocol::error_code::unknown_server_error);
    return;
  }
  auto header = records::parse_batch_header(byte_span(batch->data(), batch->size()));
  auto appended = p->append(*batch, {*header});
  if (appended.error != protocol::error_code::none) {
    spdlog::error("appending to {}-{}: {}", coordinator::offsets_topic_name, partition_index, appended.message);
    // Kafka maps storage failures of the offsets topic to a retriable coordinator error.
    done(protocol::error_code::coordinator_not_available);
    return;
  }
  p->on_flushed(appended.last_offset + 1, [done = std::move(done)] { done(protocol::error_code::none); });
  owner_.flush_queue().request(p);
}

void consumer_offsets_log::load_all(const std::shared_ptr<topic>& t, coordinator::group_coordinator& coordinator) {
  auto started = std::chrono::steady_clock::now();
  size_t loaded_records = 0;
  for (const auto& p : t->partitions) {
    auto& log = p->log();
    const int64_t from = log.log_start_offset();
    storage::for_each_batch(log, from, log.log_end_offset(), [&](byte_span batch, const records::batch_header& h) {
      if (h.is_control()) return;
      auto decoded = records::read_records(batch);
      if (!decoded) {
        spdlog::warn("{}-{}: skipping an unreadable batch: {}", t->name, p->index(), decoded.error().detail);
        return;
      }
      for (auto& r : decoded->records) {
        if (r.offset < from || !r.key) continue;
        coordinator.load_record(p->index(), *r.key, r.value, r.timestamp);
        ++loaded_records;
      }
    });
    coordinator.finish_loading(p->index());
  }
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("loaded {} groups from {} records of {} in {:.1f} ms", coordinator.group_count(), loaded_records,
               t->name, ms);
}

}  // namespace gregor::broker
