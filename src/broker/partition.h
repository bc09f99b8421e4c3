// partition: one topic-partition led by this broker: its log, its idempotent-producer state, and
// the coroutines waiting on it (Fetch long-polls for new data, acks=all produces for fsync).
//
// Thread-safety: all methods are safe from any thread. The producer check + append sequence is
// serialized by the partition's mutex, so duplicate detection and offset assignment are atomic.
// Waiters are fired outside the lock; async_signal::fire() posts to the waiter's own executor.
#pragma once

#include <functional>

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "base/uuid.h"
#include "net/async_signal.h"
#include "producer/producer_state_table.h"
#include "protocol/error_code.h"
#include "storage/log.h"

namespace gregor::broker {

struct append_outcome {
  protocol::error_code error = protocol::error_code::none;
  std::string message;
  int64_t base_offset = -1;
  int64_t last_offset = -1;
  int64_t log_append_time = -1;
  int64_t log_start_offset = -1;
};

class partition {
 public:
  partition(std::string topic, int32_t index, uuid topic_id, std::shared_ptr<storage::log> log);

  const std::string& topic() const { return topic_; }
  int32_t index() const { return index_; }
  const uuid& topic_id() const { return topic_id_; }
  storage::log& log() { return *log_; }
  std::shared_ptr<storage::log> log_ptr() { return log_; }
  int32_t leader_epoch() const { return 0; }
  // A client's current_leader_epoch against ours (-1: the client does not know, always fine):
  // newer than ours -> UNKNOWN_LEADER_EPOCH, older -> FENCED_LEADER_EPOCH.
  protocol::error_code check_leader_epoch(int32_t current_leader_epoch) const {
    if (current_leader_epoch > leader_epoch()) return protocol::error_code::unknown_leader_epoch;
    if (current_leader_epoch >= 0 && current_leader_epoch < leader_epoch()) return protocol::error_code::fenced_leader_epoch;
    return protocol::error_code::none;
  }

  // Appends validated v2 batches (offsets are assigned in place). Idempotent batches are checked
  // against the producer state first: a retried duplicate returns its original offsets.
  append_outcome append(std::span<uint8_t> batches, const std::vector<records::batch_header>& headers);

  // Fetch long-poll: `signal` fires on the next append (or at once if data arrived meanwhile).
  void wait_for_data(std::shared_ptr<net::async_signal> signal, int64_t known_end_offset);
  // acks=all: `signal` fires once everything below `offset` is fsynced.
  void wait_for_flush(std::shared_ptr<net::async_signal> signal, int64_t offset);
  // Same, with a callback (run on the flusher's thread, or at once if already durable).
  void on_flushed(int64_t offset, std::function<void()> wake);
  // Called by the flusher after log().flush().
  void flushed();

  producer::producer_state_table& producer_state() { return producers_; }
  std::mutex& mutex() { return mutex_; }

  // Writes a producer-state snapshot at the log end offset if the log moved since the last one.
  // Snapshots bound what startup must replay: only batches after the latest snapshot are read,
  // so a clean restart reads none. The table is copied under the lock and written outside it.
  void snapshot_producer_state();

 private:
  struct flush_waiter {
    int64_t offset;
    std::function<void()> wake;
  };
  void wake_data_waiters();

  std::string topic_;
  int32_t index_;
  uuid topic_id_;
  std::shared_ptr<storage::log> log_;

  std::mutex mutex_;  // producer state + append ordering
  producer::producer_state_table producers_;
  int64_t last_snapshot_offset_ = -1;  // guarded by mutex_

  std::mutex waiters_mutex_;
  std::vector<std::shared_ptr<net::async_signal>> data_waiters_;
  std::vector<flush_waiter> flush_waiters_;
};

}  // namespace gregor::broker
