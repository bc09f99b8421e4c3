#include "client/producer/record_accumulator.h"

#include <algorithm>
#include <mutex>

#include "client/producer/buffer_pool.h"
#include "client/producer/clock.h"

namespace gregor::client {

record_accumulator::record_accumulator(accumulator_settings settings, batch_services services)
    : settings_(settings), services_(services) {}

record_accumulator::~record_accumulator() = default;

record_accumulator::topic_view record_accumulator::find(std::string_view name) const {
  std::shared_lock lock(topics_mutex_);
  auto it = topics_.find(name);
  if (it == topics_.end()) return {};
  return {it->second.get(), it->second->info};
}

topic_queues& record_accumulator::add(std::string_view name) {
  std::unique_lock lock(topics_mutex_);
  auto it = topics_.find(name);
  if (it == topics_.end())
    it = topics_.emplace(std::string(name), std::make_unique<topic_queues>(std::string(name))).first;
  return *it->second;
}

partition_queue* record_accumulator::queue(topic_queues& topic, int32_t p) {
  if (p < 0) return nullptr;
  {
    std::shared_lock lock(topics_mutex_);
    if (static_cast<size_t>(p) < topic.partitions.size()) return topic.partitions[p].get();
  }
  std::unique_lock lock(topics_mutex_);
  while (topic.partitions.size() <= static_cast<size_t>(p)) {
    topic.partitions.push_back(std::make_unique<partition_queue>(static_cast<int32_t>(topic.partitions.size())));
  }
  return topic.partitions[p].get();
}

void record_accumulator::set_info(topic_queues& topic, std::shared_ptr<topic_info> info) {
  std::unique_lock lock(topics_mutex_);
  while (topic.partitions.size() < static_cast<size_t>(info->partition_count)) {
    topic.partitions.push_back(std::make_unique<partition_queue>(static_cast<int32_t>(topic.partitions.size())));
  }
  info->queues.resize(static_cast<size_t>(info->partition_count));
  for (int32_t p = 0; p < info->partition_count; ++p) info->queues[p] = topic.partitions[p].get();
  topic.info = std::move(info);
  metadata_version_.fetch_add(1, std::memory_order_release);
}

void record_accumulator::for_each_topic(const std::function<void(topic_queues&, const topic_info&)>& f) const {
  std::shared_lock lock(topics_mutex_);
  for (const auto& [name, t] : topics_) f(*t, *t->info);
}

record_accumulator::append_result record_accumulator::append(partition_queue& q, const std::string& topic,
                                                             const record_input& r, size_t upper_bound,
                                                             const delivery_callback* callback, lazy_deadline& deadline,
                                                             bool abort_on_new_batch) {
  append_result out;
  {
    std::lock_guard lock(q.mutex);
    if (!q.batches.empty()) {
      producer_batch& last = *q.batches.back();
      if ((out.index = last.try_append(r, callback)) >= 0) {
        out.state = last.state();
        return out;
      }
    }
    if (abort_on_new_batch) {
      out.aborted = true;
      return out;
    }
  }
  // A new batch: reserve its memory without holding the partition lock (this may block).
  size_t capacity = std::max(static_cast<size_t>(settings_.batch_size), upper_bound);
  services_.pool->allocate(static_cast<int64_t>(capacity), deadline.get());
  auto batch = std::make_unique<producer_batch>(topic, q.partition, capacity, steady_ms(), services_,
                                                settings_.checksum_records);
  std::lock_guard lock(q.mutex);
  // Another thread may have started a batch meanwhile; use it if the record fits (ours is then
  // destroyed unused, returning its memory).
  if (!q.batches.empty()) {
    producer_batch& last = *q.batches.back();
    if ((out.index = last.try_append(r, callback)) >= 0) {
      out.state = last.state();
      return out;
    }
    last.stop_accepting();
  }
  out.index = batch->try_append(r, callback);  // the first record always fits
  // A record larger than batch_size travels alone (and at once: its batch counts as full).
  if (capacity > static_cast<size_t>(settings_.batch_size)) batch->stop_accepting();
  out.state = batch->state();
  out.new_batch = true;
  batch->assign_id();
  q.batches.push_back(std::move(batch));
  return out;
}

void record_accumulator::requeue(partition_queue& q, std::unique_ptr<producer_batch> batch) {
  batch->stop_accepting();
  std::lock_guard lock(q.mutex);
  auto at = std::find_if(q.batches.begin(), q.batches.end(),
                         [&](const std::unique_ptr<producer_batch>& b) { return b->id() > batch->id(); });
  q.batches.insert(at, std::move(batch));
}

std::vector<std::unique_ptr<producer_batch>> record_accumulator::take_all() {
  std::vector<std::unique_ptr<producer_batch>> out;
  std::shared_lock lock(topics_mutex_);
  for (auto& [name, t] : topics_) {
    for (auto& q : t->partitions) {
      std::lock_guard ql(q->mutex);
      for (auto& b : q->batches) out.push_back(std::move(b));
      q->batches.clear();
    }
  }
  return out;
}

}  // namespace gregor::client
