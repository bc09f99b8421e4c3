// producer_state_table: one partition's idempotent-producer state (docs/producer-state.md §1).
//
// Per producer id it keeps the current epoch, the last 5 appended batches of that epoch
// (first/last sequence, first/last offset, max timestamp) and the last-activity time. check()
// classifies an incoming batch (append, duplicate with its original offsets, out-of-order sequence,
// fenced epoch); record_append() updates the state once the log has appended the batch;
// replay_batch() rebuilds it from the log after a snapshot (producer_state_snapshot.h).
//
// Sequences wrap: the successor of INT32_MAX is 0.
//
// Thread-safety: NOT synchronized. The partition log owns the table and calls it under its own
// mutex, so check(), the append and record_append() run as one critical section.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <variant>
#include <vector>

namespace gregor::producer {

// How many batches per producer are remembered for duplicate detection (Kafka's value; clients
// keep at most 5 requests in flight per connection when idempotent).
constexpr size_t max_cached_batches = 5;

// producer.id.expiration.ms default: one day.
constexpr int64_t default_producer_id_expiration_ms = 86'400'000;

// seq + delta with wrap-around past INT32_MAX to 0 (delta >= 0).
int32_t add_to_sequence(int32_t sequence, int32_t delta);
// True when `next` directly follows `last` (INT32_MAX is followed by 0).
bool is_next_sequence(int32_t last, int32_t next);

// The producer fields of a batch header that decide idempotence.
struct incoming_batch {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t last_offset_delta = 0;  // also the last sequence delta
  bool is_transactional = false;  // carried for the transaction work; unused so far

  int32_t last_sequence() const { return add_to_sequence(base_sequence, last_offset_delta); }
};

// What the table remembers of one appended batch.
struct batch_metadata {
  int32_t first_sequence = 0;
  int32_t last_sequence = 0;
  int64_t first_offset = 0;
  int64_t last_offset = 0;
  int64_t max_timestamp = -1;

  bool operator==(const batch_metadata&) const = default;
};

struct producer_entry {
  int16_t epoch = 0;
  std::vector<batch_metadata> batches;  // oldest first, at most max_cached_batches
  int64_t last_activity_ms = 0;

  bool operator==(const producer_entry&) const = default;
};

// The outcomes of check(). The broker maps them to Produce errors at its boundary.
namespace outcome {
struct append {};
// A retry of a batch already in the log: answer success with these original values, don't append.
struct duplicate {
  int64_t first_offset = 0;
  int64_t last_offset = 0;
  int64_t max_timestamp = -1;
};
struct out_of_order_sequence {};   // Kafka OUT_OF_ORDER_SEQUENCE_NUMBER (45)
struct invalid_producer_epoch {};  // Kafka INVALID_PRODUCER_EPOCH (47)
}  // namespace outcome

using check_result = std::variant<outcome::append, outcome::duplicate, outcome::out_of_order_sequence,
                                  outcome::invalid_producer_epoch>;

// The Kafka error number for a result: 0 for append and duplicate (both answer success), 45, 47.
int16_t kafka_error_number(const check_result& result);

class producer_state_table {
 public:
  // Classifies `batch` against the current state; does not change anything.
  check_result check(const incoming_batch& batch) const;

  // Records a batch the log has just appended at [first_offset, last_offset]. `now_ms` is the
  // broker clock, used for expiry. A higher epoch replaces the producer's cached batches; a lower
  // epoch (which check() would have refused) is ignored. No-op for producer_id < 0.
  void record_append(const incoming_batch& batch, int64_t first_offset, int64_t last_offset,
                     int64_t max_timestamp, int64_t now_ms);

  // Recovery: applies a batch read back from the log after the loaded snapshot, without checks.
  // The batch's max_timestamp stands in for the activity time.
  void replay_batch(const incoming_batch& batch, int64_t first_offset, int64_t last_offset,
                    int64_t max_timestamp);

  // Removes producers idle for at least `producer_id_expiration_ms`; returns how many.
  size_t expire(int64_t now_ms, int64_t producer_id_expiration_ms = default_producer_id_expiration_ms);

  // Forgets producers whose newest batch lies wholly below `log_start_offset` (retention or
  // DeleteRecords removed it), as Kafka does when the log start moves; returns how many.
  size_t remove_before(int64_t log_start_offset);

  // The state of one producer, or nullptr.
  const producer_entry* find(int64_t producer_id) const;
  size_t size() const { return producers_.size(); }
  bool empty() const { return producers_.empty(); }
  void clear() { producers_.clear(); }

  // Snapshot loading inserts entries directly (replacing any existing one).
  void restore(int64_t producer_id, producer_entry entry);
  const std::unordered_map<int64_t, producer_entry>& producers() const { return producers_; }

  bool operator==(const producer_state_table&) const = default;

 private:
  std::unordered_map<int64_t, producer_entry> producers_;
};

}  // namespace gregor::producer
