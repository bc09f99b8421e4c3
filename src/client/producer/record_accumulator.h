// record_accumulator: collects records into per-partition batches until the sender takes them.
//
// send() calls append() from any thread. The record is encoded into the newest batch of its
// partition under that partition's mutex; when it does not fit, a new batch is created, which
// reserves batch_size bytes (or the record's size, when larger) from the buffer_pool first and
// may block there until max_block_ms. The I/O thread (sender) takes batches from the front of the
// queues and puts failed ones back in id order (requeue()), so a partition's records stay in send
// order across retries. Topics are looked up under a shared lock; new topics and metadata updates
// take it exclusively. No lock is held while blocking or while user callbacks run.
//
// Thread-safety: all methods are safe from any thread unless marked "I/O thread".
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "client/producer/clock.h"
#include "client/producer/partition_queue.h"

namespace gregor::client {

struct accumulator_settings {
  int32_t batch_size = 16384;
  // Batches will go out uncompressed: checksum records as they are appended (producer_batch.h).
  bool checksum_records = true;
};

class record_accumulator {
 public:
  record_accumulator(accumulator_settings settings, batch_services services);
  ~record_accumulator();

  struct topic_view {
    topic_queues* topic = nullptr;  // nullptr: never sent to
    std::shared_ptr<const topic_info> info;
  };
  topic_view find(std::string_view name) const;
  // Registers a topic (on its first send); returns it whether new or not.
  topic_queues& add(std::string_view name);
  // The queue of one partition, creating the queues up to it if needed; nullptr if p < 0.
  partition_queue* queue(topic_queues& topic, int32_t p);
  // I/O thread: publishes new metadata for a topic (creating queues for new partitions and
  // filling info->queues).
  void set_info(topic_queues& topic, std::shared_ptr<topic_info> info);
  // Grows with every set_info(): senders caching a topic_view compare it to see it is current.
  uint64_t metadata_version() const { return metadata_version_.load(std::memory_order_acquire); }
  // Calls f(topic_queues&, const topic_info&) for every topic under the shared lock; f must not
  // block, take the topics lock or run user code.
  void for_each_topic(const std::function<void(topic_queues&, const topic_info&)>& f) const;

  struct append_result {
    std::shared_ptr<delivery_state> state;
    int32_t index = -1;
    bool new_batch = false;  // a batch was created: the sender should look at the partition
    bool aborted = false;    // abort_on_new_batch was set and a new batch would have been needed
  };
  // Appends one record. `upper_bound` is its encoded size plus batch overhead, at most what any
  // batch can hold (checked by the caller against max_request_size and buffer_memory). Waits for
  // memory until `deadline` (throws kafka_timeout_error). `abort_on_new_batch`: return aborted
  // instead of creating a batch, so the sticky partitioner can choose again (KIP-480).
  append_result append(partition_queue& q, const std::string& topic, const record_input& r, size_t upper_bound,
                       const delivery_callback* callback, lazy_deadline& deadline, bool abort_on_new_batch);

  // I/O thread: puts a batch that failed back into its queue, ordered by id among the others.
  void requeue(partition_queue& q, std::unique_ptr<producer_batch> batch);
  // I/O thread: removes and returns every queued batch (for close and fatal errors).
  std::vector<std::unique_ptr<producer_batch>> take_all();

  const accumulator_settings& settings() const { return settings_; }
  const batch_services& services() const { return services_; }

 private:
  struct name_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  accumulator_settings settings_;
  batch_services services_;
  mutable std::shared_mutex topics_mutex_;
  std::atomic<uint64_t> metadata_version_{1};
  std::unordered_map<std::string, std::unique_ptr<topic_queues>, name_hash, std::equal_to<>> topics_;
};

}  // namespace gregor::client
