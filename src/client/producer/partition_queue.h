// partition_queue / topic_queues: the producer's per-partition batch queues and per-topic
// metadata, shared by the sending threads and the I/O thread.
//
// A partition_queue's `batches` is guarded by its own mutex: senders append to the newest batch,
// the I/O thread takes batches from the front (and puts retries back there). The fields marked
// "I/O thread" are touched only by the sender and need no lock. topic_queues are created on a
// topic's first send and live as long as the producer; their `partitions` vector only grows, and
// each partition_queue stays at one address, so a sender may keep a pointer to it after dropping
// the accumulator's topics lock. `info` is replaced (never modified) on each metadata update.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/producer/producer_batch.h"

namespace gregor::client {

struct partition_queue;

// What the producer knows of a topic from the latest Metadata answer. Immutable once published.
struct topic_info {
  error_code error = error_code::none;  // the topic-level error of the last answer
  int32_t partition_count = 0;          // 0: unknown (not yet described, or an error)
  std::vector<int32_t> leaders;         // per partition; -1: no leader
  std::vector<int32_t> available;       // partitions with a leader, for the partitioner
  // The queue of each partition (filled in by record_accumulator::set_info), so that send()
  // finds its queue without taking the topics lock again.
  std::vector<partition_queue*> queues;
};

struct partition_queue {
  explicit partition_queue(int32_t p) : partition(p) {}

  const int32_t partition;
  std::mutex mutex;
  std::deque<std::unique_ptr<producer_batch>> batches;  // oldest first; guarded by mutex

  // I/O thread only.
  std::deque<producer_batch*> in_flight;  // sent and unanswered, oldest first
  int32_t next_sequence = 0;              // idempotence: sequence of the next new record
  int32_t last_acked_sequence = -1;       // last sequence the broker confirmed (-1: none)
  uint64_t identity_generation = 0;       // producer identity these sequences belong to
};

struct topic_queues {
  explicit topic_queues(std::string n) : name(std::move(n)) {}

  const std::string name;
  // Both guarded by the accumulator's topics lock.
  std::shared_ptr<const topic_info> info = std::make_shared<topic_info>();
  std::vector<std::unique_ptr<partition_queue>> partitions;
};

}  // namespace gregor::client
