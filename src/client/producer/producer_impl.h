// kafka_producer::impl: wires the producer's parts together and implements the public API.
//
//   send() [any thread]  -> producer_metadata::await_topic -> partitioner -> record_accumulator
//   sender [I/O thread]  -> Produce requests over cluster_client -> batches complete futures
//
// Members are declared so that destruction runs in a safe order: the I/O thread and the network
// objects go first, then the accumulator (whose remaining batches fail their records), and last
// the memory pool, flush tracking and counters those batches report to.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "client/net/cluster_client.h"
#include "client/net/io_thread.h"
#include "client/partitioning/partitioner.h"
#include "client/producer/buffer_pool.h"
#include "client/producer/buffer_recycler.h"
#include "client/producer/clock.h"
#include "client/producer/incomplete_batches.h"
#include "client/producer/producer_config.h"
#include "client/producer/producer_metadata.h"
#include "client/producer/producer_stats.h"
#include "client/producer/record_accumulator.h"
#include "client/producer/sender.h"
#include "gregor/producer.h"

namespace gregor {

class kafka_producer::impl {
 public:
  impl(const config& cfg, std::shared_ptr<partitioner> custom);
  ~impl();

  send_future send(std::string_view topic, nullable_bytes value, nullable_bytes key, std::optional<int32_t> partition,
                   std::optional<int64_t> timestamp_ms, const record_headers& headers,
                   const delivery_callback* callback);
  void flush(std::chrono::milliseconds timeout);
  void close(std::chrono::milliseconds timeout);
  int32_t partitions_for(std::string_view topic);
  producer_metrics metrics() const;
  bool idempotent() const { return sender_.idempotent(); }

 private:
  client::lazy_deadline block_deadline(bool on_io_thread) const;
  // The topic's queues and metadata, from this thread's cache when nothing changed.
  const client::record_accumulator::topic_view& lookup_topic(std::string_view topic, client::lazy_deadline& deadline,
                                                             bool on_io);
  // Whether the caller runs on the I/O thread (in a callback), where nothing may block.
  bool on_io_thread() const { return std::this_thread::get_id() == io_thread_id_; }

  const uint64_t id_;  // unique per producer in this process, never reused
  client::producer_config config_;
  std::unique_ptr<client::partitioner> partitioner_;
  client::producer_stats stats_;
  client::buffer_pool pool_;
  std::shared_ptr<client::buffer_recycler> buffers_;
  client::incomplete_batches incomplete_;
  client::record_accumulator accumulator_;
  client::io_thread io_;
  client::cluster_client cluster_;
  client::producer_metadata metadata_;
  client::sender sender_;

  std::thread::id io_thread_id_;     // kept: io_thread's own id changes when it is joined
  std::atomic<bool> closed_{false};  // no more send()
  std::mutex close_mutex_;
  bool stopped_ = false;  // the I/O thread is gone (guarded by close_mutex_)
};

}  // namespace gregor
