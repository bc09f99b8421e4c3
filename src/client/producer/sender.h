// sender: the producer's background half, on the I/O thread. It turns queued batches into
// Produce requests and their answers into completed records.
//
// One pass (run()) happens whenever a sending thread started a new batch (wake()), a request was
// answered, metadata arrived, or the timer fires for the next linger, backoff or expiry moment:
//   1. keep metadata fresh (producer_metadata::poll) and, for an idempotent producer, get a
//      producer id (InitProducerId) before anything is sent;
//   2. fail queued batches older than delivery_timeout_ms;
//   3. find partitions whose first batch is ready (full, lingered, retry backoff over, or a
//      flush/close/memory shortage in progress) and whose leader's connection is ready;
//   4. per leader, drain one batch per partition into one Produce request (up to
//      max_request_size), up to max_in_flight_requests_per_connection requests per broker.
// Answers complete batches, or put them back for a retry (retriable errors, within retries and
// delivery_timeout_ms), refreshing metadata on leadership and network errors.
//
// Ordering: a batch that comes back for a retry is only resent when nothing else of its
// partition is in flight, and it goes back in front of newer batches (by id), so retries keep
// send order; with max_in_flight=1 a partition has at most one batch in flight at all.
// Idempotence (KIP-98): batches get producer id, epoch and consecutive sequence numbers when first
// drained; up to 5 per partition may be in flight; DUPLICATE_SEQUENCE_NUMBER is success; an
// OUT_OF_ORDER_SEQUENCE_NUMBER behind an earlier failed batch is retried. When a partition's
// sequence chain breaks (a sequenced batch fails for good, or the broker lost our producer
// state: UNKNOWN_PRODUCER_ID, or out-of-order on the first unacknowledged batch), the producer
// bumps its epoch with InitProducerId (KIP-360) and later batches restart at sequence 0.
//
// Thread-safety: wake(), begin_flush()/end_flush(), begin_close(), idempotent() and
// check_usable() may be called from any thread; everything else runs on the I/O thread.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/net/cluster_client.h"
#include "client/producer/buffer_pool.h"
#include "client/producer/producer_config.h"
#include "client/producer/producer_metadata.h"
#include "client/producer/producer_stats.h"
#include "client/producer/record_accumulator.h"
#include "protocol/messages/init_producer_id.h"
#include "protocol/messages/produce.h"

namespace gregor::client {

class sender {
 public:
  sender(const producer_config& config, cluster_client& cluster, record_accumulator& accumulator,
         producer_metadata& metadata, producer_stats& stats, buffer_pool& pool);

  // Any thread: schedule a pass soon (coalesced: at most one is pending).
  void wake();
  // Any thread: while a flush or close is in progress, batches are sent without lingering.
  void begin_flush();
  void end_flush();
  void begin_close();
  // Any thread: is the producer stamping batches with a producer id?
  bool idempotent() const { return idempotent_.load(std::memory_order_relaxed); }
  // Any thread: throws the error that made the producer unusable, if any.
  void check_usable() const;

  // I/O thread: the first pass.
  void start();
  // I/O thread: fails every queued batch with `reason` and stops; answers that still arrive
  // fail their batches the same way instead of retrying.
  void shutdown(const std::string& reason);

 private:
  struct node_queue {
    topic_queues* topic;
    partition_queue* queue;
  };
  struct in_flight_request {
    int32_t node = -1;
    int64_t sent_us = 0;  // steady clock, for the latency metric
    std::vector<std::unique_ptr<producer_batch>> batches;
    std::vector<partition_queue*> queues;  // parallel to batches
  };

  void run();
  void arm_timer(int64_t at_ms);
  void ensure_producer_id(int64_t now, int64_t& next_wake);
  void on_producer_id(const client_result<protocol::init_producer_id_response>& answer);
  void reset_identity(const std::string& why);
  void fail_all(error_code code, const std::string& message);

  // Under q.mutex: may q's first batch go out now (ordering and idempotence rules)?
  bool partition_sendable(const partition_queue& q, const producer_batch& first) const;
  // Under q.mutex: is the first batch ready; if not, lowers next_wake to when it will be.
  bool batch_ready(const partition_queue& q, const producer_batch& first, int64_t now, bool force,
                   int64_t& next_wake) const;
  std::vector<std::unique_ptr<producer_batch>> expire(partition_queue& q, int64_t now, int64_t& next_wake);
  void drain_node(int32_t node, std::vector<node_queue>& queues, int64_t now, bool force, int64_t& next_wake);
  // Closes (header, compression, CRC) and stamps a drained batch; false if it failed instead.
  bool prepare(partition_queue& q, producer_batch& batch);
  void send_request(int32_t node, const std::shared_ptr<broker_connection>& conn,
                    std::shared_ptr<in_flight_request> request);
  void on_answer(const std::shared_ptr<in_flight_request>& request,
                 const client_result<protocol::produce_response>& answer);
  void on_batch_error(partition_queue& q, std::unique_ptr<producer_batch> batch, error_code code,
                      const std::string& message, int64_t now);
  void fail_expired(producer_batch& batch, int64_t now, const std::string& why);

  const producer_config& config_;
  cluster_client& cluster_;
  record_accumulator& accumulator_;
  producer_metadata& metadata_;
  producer_stats& stats_;
  buffer_pool& pool_;
  records::compress_options compress_options_;

  std::atomic<bool> wake_posted_{false};
  std::atomic<int> flushing_{0};
  std::atomic<bool> closing_{false};
  std::atomic<bool> idempotent_;
  mutable std::mutex fatal_mutex_;
  std::optional<kafka_error> fatal_;  // guarded by fatal_mutex_; set once
  std::atomic<bool> has_fatal_{false};

  // I/O thread.
  bool stopped_ = false;
  std::string stop_reason_;
  asio::steady_timer timer_;
  int64_t timer_at_ms_ = INT64_MAX;
  std::map<int32_t, int> node_in_flight_;  // Produce requests per broker
  std::map<int32_t, size_t> drain_start_;  // round-robin start per broker, for fairness
  std::map<int32_t, bool> connect_watch_;  // a wake is registered for this connection's handshake
  // Idempotence.
  bool identity_valid_ = false;
  int64_t producer_id_ = -1;
  int16_t producer_epoch_ = -1;
  uint64_t generation_ = 0;  // bumped for each new identity
  bool id_request_in_flight_ = false;
  int64_t id_retry_at_ms_ = 0;
};

}  // namespace gregor::client
