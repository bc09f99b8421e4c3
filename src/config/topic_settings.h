// topic_settings: the typed, effective per-topic values the storage and broker code read on
// hot paths (overrides already merged with broker defaults). A plain value; copy it freely.
// topic_config keeps one up to date after every change.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/config_value.h"

namespace gregor::config {

class topic_defaults;

struct topic_settings {
  bool cleanup_delete = true;    // cleanup.policy contains delete
  bool cleanup_compact = false;  // cleanup.policy contains compact
  int64_t retention_ms = 0;      // -1 = unlimited
  int64_t retention_bytes = 0;   // -1 = unlimited
  int32_t segment_bytes = 0;
  int64_t segment_ms = 0;
  int64_t segment_jitter_ms = 0;
  int32_t segment_index_bytes = 0;
  int32_t index_interval_bytes = 0;
  int32_t max_message_bytes = 0;
  std::string compression_type;     // uncompressed|zstd|lz4|snappy|gzip|producer
  bool log_append_time = false;     // message.timestamp.type == LogAppendTime
  // CreateTime bounds after the deprecated difference.max.ms fallback (see topic_config.h).
  int64_t message_timestamp_before_max_ms = 0;
  int64_t message_timestamp_after_max_ms = 0;
  bool message_downconversion_enable = true;
  int32_t min_insync_replicas = 0;
  bool unclean_leader_election_enable = false;
  int64_t flush_messages = 0;
  int64_t flush_ms = 0;
  int64_t delete_retention_ms = 0;
  double min_cleanable_dirty_ratio = 0;
  int64_t min_compaction_lag_ms = 0;
  int64_t max_compaction_lag_ms = 0;
  int64_t file_delete_delay_ms = 0;
  bool preallocate = false;
  string_list leader_replication_throttled_replicas;
  string_list follower_replication_throttled_replicas;
};

using override_map = std::map<std::string, std::string, std::less<>>;

// Typed view of `overrides` (canonical text) over `defaults`. Fails on cross-property
// conflicts (min.compaction.lag.ms > max.compaction.lag.ms), naming the keys.
result<topic_settings> build_topic_settings(const override_map& overrides,
                                            const topic_defaults& defaults);

}  // namespace gregor::config
