// kafka_producer: the public class, forwarding to its impl (producer_impl.h) so that no
// internal type appears in include/gregor/producer.h.
#include "client/producer/producer_impl.h"

namespace gregor {

kafka_producer::kafka_producer(const config& cfg) : impl_(std::make_unique<impl>(cfg, nullptr)) {}
kafka_producer::kafka_producer(const config& cfg, std::shared_ptr<partitioner> custom)
    : impl_(std::make_unique<impl>(cfg, std::move(custom))) {}
kafka_producer::~kafka_producer() = default;

send_future kafka_producer::send(std::string_view topic, nullable_bytes value, nullable_bytes key,
                                 std::optional<int32_t> partition, std::optional<int64_t> timestamp_ms,
                                 const record_headers& headers) {
  return impl_->send(topic, value, key, partition, timestamp_ms, headers, nullptr);
}

send_future kafka_producer::send_with_callback(std::string_view topic, nullable_bytes value, nullable_bytes key,
                                               delivery_callback callback) {
  return impl_->send(topic, value, key, std::nullopt, std::nullopt, {}, &callback);
}

send_future kafka_producer::send(const producer_record& r, delivery_callback callback) {
  nullable_bytes value = r.value ? nullable_bytes(*r.value) : std::nullopt;
  nullable_bytes key = r.key ? nullable_bytes(*r.key) : std::nullopt;
  return impl_->send(r.topic, value, key, r.partition, r.timestamp_ms, r.headers, callback ? &callback : nullptr);
}

void kafka_producer::flush(std::chrono::milliseconds timeout) { impl_->flush(timeout); }
void kafka_producer::close(std::chrono::milliseconds timeout) { impl_->close(timeout); }
int32_t kafka_producer::partitions_for(std::string_view topic) { return impl_->partitions_for(topic); }
producer_metrics kafka_producer::metrics() const { return impl_->metrics(); }
bool kafka_producer::idempotent() const { return impl_->idempotent(); }

}  // namespace gregor
