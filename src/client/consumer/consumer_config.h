// consumer_config: a consumer's settings, read once from a gregor::config and checked strictly.
//
// Names and defaults are kafka-python's (see include/gregor/consumer.h for the list); the few
// librdkafka spellings that differ beyond dots (fetch.wait.max.ms, fetch.message.max.bytes) are
// accepted as aliases. Unknown names and invalid values throw config_error. A plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/config/common_settings.h"
#include "gregor/config.h"

namespace gregor::client {

enum class offset_reset_strategy { earliest, latest, none };

struct consumer_config {
  common_settings common;
  std::optional<std::string> group_id;
  std::optional<std::string> group_instance_id;
  offset_reset_strategy auto_offset_reset = offset_reset_strategy::latest;
  bool enable_auto_commit = true;
  int32_t auto_commit_interval_ms = 5000;
  int32_t fetch_min_bytes = 1;
  int32_t fetch_max_wait_ms = 500;
  int32_t fetch_max_bytes = 52428800;
  int32_t max_partition_fetch_bytes = 1048576;
  int32_t max_poll_records = 500;
  int32_t max_poll_interval_ms = 300000;
  int32_t session_timeout_ms = 10000;
  int32_t heartbeat_interval_ms = 3000;
  std::vector<std::string> assignment_strategies{"range", "cooperative-sticky"};
  bool read_committed = false;
  std::optional<int64_t> consumer_timeout_ms;  // nullopt: iteration waits forever
  bool check_crcs = true;
  int32_t retry_backoff_ms = 100;
  int32_t default_api_timeout_ms = 60000;
  bool exclude_internal_topics = true;
  bool allow_auto_create_topics = true;

  const std::string& client_id() const { return common.cluster.connection.client_id; }
};

// Throws config_error.
consumer_config read_consumer_config(const config& cfg);

}  // namespace gregor::client
