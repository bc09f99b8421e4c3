// producer_metadata: keeps the producer's topics described (partition counts and leaders).
//
// The producer asks only about topics it sends to (with allow_auto_topic_creation, as
// kafka-python does). A refresh happens when a send() waits for an unknown topic, when the sender
// reports a partition without a leader or a leadership error, and at least every
// metadata_max_age_ms; failed or incomplete refreshes are retried every retry_backoff_ms. Each
// answer becomes a new immutable topic_info per topic (record_accumulator::set_info).
//
// await_topic() runs on sending threads and blocks up to max_block_ms; poll() and the response
// handling run on the I/O thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "client/net/cluster_client.h"
#include "client/producer/producer_stats.h"
#include "client/producer/record_accumulator.h"

namespace gregor::client {

struct metadata_settings {
  int32_t metadata_max_age_ms = 300000;
  int32_t retry_backoff_ms = 100;
};

class producer_metadata {
 public:
  producer_metadata(metadata_settings settings, cluster_client& cluster, record_accumulator& accumulator,
                    producer_stats& stats, std::function<void()> wake_sender);

  // Any thread but the I/O thread (there `may_block` must be false): the topic with at least one
  // partition. Throws kafka_timeout_error when it is not known by `deadline`, kafka_error for a
  // topic error that waiting cannot fix (e.g. INVALID_TOPIC_EXCEPTION), illegal_state_error when
  // the producer closes meanwhile.
  record_accumulator::topic_view await_topic(std::string_view topic, lazy_deadline& deadline, bool may_block);
  // Any thread: refresh soon.
  void request_update() { update_requested_.store(true, std::memory_order_relaxed); }
  // Any thread: wakes waiters, which then throw illegal_state_error.
  void close();

  // I/O thread: starts a refresh when one is due; lowers `next_wake_ms` to when the next one is.
  void poll(int64_t now_ms, int64_t& next_wake_ms);
  // I/O thread: the last refresh failure, for error messages ("" if none).
  const std::string& last_error() const { return last_error_; }

 private:
  void on_answer(const client_result<metadata_snapshot>& answer);
  void notify_waiters();

  metadata_settings settings_;
  cluster_client& cluster_;
  record_accumulator& accumulator_;
  producer_stats& stats_;
  std::function<void()> wake_sender_;

  std::atomic<bool> update_requested_{true};  // the first poll learns the cluster's brokers
  std::atomic<int> waiters_{0};
  std::atomic<bool> closed_{false};
  std::mutex wait_mutex_;
  std::condition_variable wait_cv_;

  // I/O thread.
  bool in_flight_ = false;
  int64_t last_refresh_ms_ = 0;  // last successful answer
  int64_t last_attempt_ms_ = INT64_MIN / 2;
  size_t last_request_topics_ = 0;  // topics named in the last request
  std::string last_error_;
};

}  // namespace gregor::client
