// offset_lookup: ListOffsets for a set of partitions, each asked of its leader.
//
// Serves auto_offset_reset (timestamp -2 = earliest, -1 = latest), beginning_offsets(),
// end_offsets() and offsets_for_times(). Partitions are grouped by leader from the latest
// metadata; unknown leaders and leadership errors (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION,
// LEADER_NOT_AVAILABLE, ...) refresh the metadata and retry after retry_backoff_ms until the
// deadline. Any other partition error fails the whole lookup. I/O thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

#include "client/net/cluster_client.h"
#include "gregor/types.h"

namespace gregor::client {

// What ListOffsets found; offset -1 when there is none (a timestamp after every record).
struct listed_offset {
  int64_t offset = -1;
  int64_t timestamp = -1;
  int32_t leader_epoch = -1;
};

using listed_offsets = std::map<gregor::topic_partition, listed_offset>;

constexpr int64_t earliest_timestamp = -2;
constexpr int64_t latest_timestamp = -1;

class offset_lookup {
 public:
  offset_lookup(cluster_client& cluster, int32_t retry_backoff_ms) : cluster_(cluster), retry_backoff_ms_(retry_backoff_ms) {}

  void list(std::map<gregor::topic_partition, int64_t> timestamps, bool read_committed,
            std::chrono::steady_clock::time_point deadline, std::function<void(client_result<listed_offsets>)> done);

  void close() { closed_ = true; }

 private:
  struct job;
  void run(const std::shared_ptr<job>& j);
  void retry_later(const std::shared_ptr<job>& j);

  cluster_client& cluster_;
  int32_t retry_backoff_ms_;
  bool closed_ = false;
};

}  // namespace gregor::client
