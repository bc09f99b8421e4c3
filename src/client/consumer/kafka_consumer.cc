// kafka_consumer: the public face; every call goes to kafka_consumer::impl (consumer_impl.h).
#include "client/consumer/consumer_impl.h"

namespace gregor {

kafka_consumer::kafka_consumer(const config& cfg) : impl_(std::make_unique<impl>(cfg)) {}

kafka_consumer::kafka_consumer(const config& cfg, const std::vector<std::string>& topics) : kafka_consumer(cfg) {
  if (!topics.empty()) impl_->subscribe(topics, {});
}

kafka_consumer::~kafka_consumer() = default;
kafka_consumer::kafka_consumer(kafka_consumer&&) noexcept = default;
kafka_consumer& kafka_consumer::operator=(kafka_consumer&&) noexcept = default;

void kafka_consumer::subscribe(const std::vector<std::string>& topics, rebalance_listener listener) {
  impl_->subscribe(topics, std::move(listener));
}
void kafka_consumer::subscribe(const std::regex& pattern, rebalance_listener listener) {
  impl_->subscribe(pattern, std::move(listener));
}
void kafka_consumer::unsubscribe() { impl_->unsubscribe(); }
void kafka_consumer::assign(const std::vector<topic_partition>& partitions) { impl_->assign(partitions); }
std::set<topic_partition> kafka_consumer::assignment() const { return impl_->assignment(); }
std::set<std::string> kafka_consumer::subscription() const { return impl_->subscription(); }

poll_result kafka_consumer::poll(int64_t timeout_ms, std::optional<int32_t> max_records) {
  return impl_->poll(timeout_ms, max_records);
}
std::optional<consumer_record> kafka_consumer::next_record() { return impl_->next_record(); }
void kafka_consumer::wakeup() { impl_->wakeup(); }

int64_t kafka_consumer::position(const topic_partition& tp) { return impl_->position(tp); }
void kafka_consumer::seek(const topic_partition& tp, int64_t offset) { impl_->seek(tp, offset); }
void kafka_consumer::seek_to_beginning(const std::vector<topic_partition>& partitions) {
  impl_->seek_to(partitions, client::offset_reset_strategy::earliest);
}
void kafka_consumer::seek_to_end(const std::vector<topic_partition>& partitions) {
  impl_->seek_to(partitions, client::offset_reset_strategy::latest);
}
void kafka_consumer::pause(const std::vector<topic_partition>& partitions) { impl_->pause(partitions); }
void kafka_consumer::resume(const std::vector<topic_partition>& partitions) { impl_->resume(partitions); }
std::set<topic_partition> kafka_consumer::paused() const { return impl_->paused(); }
std::optional<int64_t> kafka_consumer::highwater(const topic_partition& tp) const { return impl_->highwater(tp); }

std::optional<offset_and_metadata> kafka_consumer::committed(const topic_partition& tp) { return impl_->committed(tp); }
void kafka_consumer::commit() { impl_->commit(std::nullopt); }
void kafka_consumer::commit(const std::map<topic_partition, offset_and_metadata>& offsets) { impl_->commit(offsets); }
void kafka_consumer::commit_async(offset_commit_callback callback) { impl_->commit_async(std::nullopt, std::move(callback)); }
void kafka_consumer::commit_async(const std::map<topic_partition, offset_and_metadata>& offsets,
                                  offset_commit_callback callback) {
  impl_->commit_async(offsets, std::move(callback));
}

std::map<topic_partition, int64_t> kafka_consumer::beginning_offsets(const std::vector<topic_partition>& partitions) {
  return impl_->list_offsets(partitions, client::earliest_timestamp);
}
std::map<topic_partition, int64_t> kafka_consumer::end_offsets(const std::vector<topic_partition>& partitions) {
  return impl_->list_offsets(partitions, client::latest_timestamp);
}
std::map<topic_partition, std::optional<offset_and_timestamp>> kafka_consumer::offsets_for_times(
    const std::map<topic_partition, int64_t>& timestamps) {
  return impl_->offsets_for_times(timestamps);
}
std::optional<std::set<int32_t>> kafka_consumer::partitions_for_topic(const std::string& topic) {
  return impl_->partitions_for_topic(topic);
}
std::set<std::string> kafka_consumer::topics() { return impl_->topics(); }

consumer_group_metadata kafka_consumer::group_metadata() const { return impl_->group_metadata(); }
std::map<std::string, double> kafka_consumer::metrics() const { return impl_->metrics(); }
void kafka_consumer::close(bool autocommit) { impl_->close(autocommit); }

}  // namespace gregor
