// fetch_session_cache: incremental fetch sessions (KIP-227).
//
// A client that opens a session (session_id 0, epoch 0) gets an id; later fetches in the session
// (epoch 1, 2, ...) list only the partitions whose fetch position changed, plus the ones to forget,
// and the response carries only partitions with something new (records, watermark changes,
// errors). Sessionless fetches (epoch -1) bypass the cache. Sessions are evicted least recently
// used first when the cache is full (max.incremental.fetch.session.cache.slots = 1000).
//
// Thread-safety: all methods lock the cache; a session is used by one connection at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "protocol/error_code.h"

namespace gregor::broker {

struct session_partition_key {
  std::string topic;
  int32_t partition;
  friend auto operator<=>(const session_partition_key&, const session_partition_key&) = default;
};

// What the session remembers of one partition: the client's position and what we last sent.
struct session_partition {
  int64_t fetch_offset = 0;
  int32_t partition_max_bytes = 0;
  int64_t last_sent_high_watermark = -1;
  int64_t last_sent_log_start_offset = -1;
};

struct fetch_session {
  int32_t id = 0;
  int32_t next_epoch = 1;
  std::map<session_partition_key, session_partition> partitions;
  std::chrono::steady_clock::time_point last_used;
};

class fetch_session_cache {
 public:
  explicit fetch_session_cache(size_t max_sessions = 1000) : max_sessions_(max_sessions) {}

  // Creates a session; returns its id, or 0 if sessions are disabled (max_sessions == 0).
  std::shared_ptr<fetch_session> create();
  // Looks up an incremental fetch: errors are FETCH_SESSION_ID_NOT_FOUND or
  // INVALID_FETCH_SESSION_EPOCH. On success the session's epoch advances.
  std::shared_ptr<fetch_session> resume(int32_t id, int32_t epoch, protocol::error_code& error);
  void close(int32_t id);
  size_t size() const;

 private:
  size_t max_sessions_;
  mutable std::mutex mutex_;
  int32_t next_id_ = 1;
  std::unordered_map<int32_t, std::shared_ptr<fetch_session>> sessions_;
};

}  // namespace gregor::broker
