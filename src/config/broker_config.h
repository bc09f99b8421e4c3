// broker_config: the broker's resolved, typed configuration, built once at startup by
// load_broker_config() (server_properties.h) and then read-only; share it by const reference or
// shared_ptr<const broker_config> across threads.
//
// Resolution rules (Kafka's):
//   broker.id / node.id   aliases; -1 (unset) means Gregor uses 0. Set both and they must agree.
//   log.dirs / log.dir    log.dirs wins when set.
//   retention             log.retention.ms > log.retention.minutes > log.retention.hours;
//                         any negative result means unlimited (-1); 0 is refused.
//   roll, roll jitter     log.roll.ms > log.roll.hours; log.roll.jitter.ms > .hours.
//   flush age             log.flush.interval.ms, else log.flush.scheduler.interval.ms.
//   advertised.listeners  defaults to listeners.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_entry.h"
#include "config/listener.h"

namespace gregor::config {

struct broker_config {
  // Identity and network.
  int32_t broker_id = 0;
  std::optional<std::string> broker_rack;
  std::vector<listener> listeners;
  std::vector<listener> advertised_listeners;
  int32_t socket_request_max_bytes = 0;
  int32_t socket_send_buffer_bytes = 0;
  int32_t socket_receive_buffer_bytes = 0;
  int32_t num_network_threads = 0;
  int32_t num_io_threads = 0;
  int32_t queued_max_requests = 0;
  std::optional<std::string> zookeeper_connect;
  int32_t zookeeper_session_timeout_ms = 0;

  // Topics.
  int32_t num_partitions = 0;
  int32_t default_replication_factor = 0;
  bool auto_create_topics_enable = false;
  bool delete_topic_enable = false;
  int32_t message_max_bytes = 0;
  int32_t min_insync_replicas = 0;
  bool unclean_leader_election_enable = false;
  std::string compression_type;

  // Log segments, retention and flushing.
  std::vector<std::string> log_dirs;
  int32_t log_segment_bytes = 0;
  int64_t log_roll_ms = 0;
  int64_t log_roll_jitter_ms = 0;
  int64_t log_retention_ms = 0;  // -1 = unlimited
  int64_t log_retention_bytes = 0;
  int64_t log_retention_check_interval_ms = 0;
  int64_t log_segment_delete_delay_ms = 0;
  int32_t log_index_interval_bytes = 0;
  int32_t log_index_size_max_bytes = 0;
  bool log_preallocate = false;
  int32_t num_recovery_threads_per_data_dir = 0;
  int32_t gregor_log_max_open_files = 0;  // 0: derived from RLIMIT_NOFILE
  int64_t log_flush_interval_messages = 0;
  int64_t log_flush_interval_ms = 0;
  int64_t log_flush_scheduler_interval_ms = 0;
  int32_t log_flush_offset_checkpoint_interval_ms = 0;

  // Compaction.
  std::vector<std::string> log_cleanup_policy;
  bool log_cleaner_enable = false;
  int64_t log_cleaner_backoff_ms = 0;
  int64_t log_cleaner_delete_retention_ms = 0;
  double log_cleaner_min_cleanable_ratio = 0;
  int64_t log_cleaner_min_compaction_lag_ms = 0;
  int64_t log_cleaner_max_compaction_lag_ms = 0;

  // Timestamps and formats.
  std::string log_message_timestamp_type;
  int64_t log_message_timestamp_difference_max_ms = 0;
  int64_t log_message_timestamp_before_max_ms = 0;
  int64_t log_message_timestamp_after_max_ms = 0;
  bool log_message_downconversion_enable = false;

  // Groups and offsets.
  int32_t offsets_topic_num_partitions = 0;
  int16_t offsets_topic_replication_factor = 0;
  int32_t offsets_retention_minutes = 0;
  int64_t offsets_retention_check_interval_ms = 0;
  int32_t offsets_topic_segment_bytes = 0;
  int32_t offsets_topic_compression_codec = 0;
  int32_t offset_metadata_max_bytes = 0;
  int32_t group_initial_rebalance_delay_ms = 0;
  int32_t group_min_session_timeout_ms = 0;
  int32_t group_max_session_timeout_ms = 0;
  int32_t group_max_size = 0;

  // Producer ids and transactions.
  int32_t producer_id_expiration_ms = 0;
  int32_t transactional_id_expiration_ms = 0;
  int32_t transaction_max_timeout_ms = 0;
  int32_t transaction_state_log_num_partitions = 0;
  int16_t transaction_state_log_replication_factor = 0;
  int32_t transaction_state_log_min_isr = 0;

  // Keys set in server.properties or by --override, as canonical text (passwords included).
  std::map<std::string, std::string, std::less<>> explicit_values;

  bool is_explicit(std::string_view key) const { return explicit_values.contains(key); }

  // The value a broker key stands for after resolution: for log.retention.ms, log.roll.ms,
  // log.roll.jitter.ms and log.flush.interval.ms the resolved number; for log.dirs the
  // resolved directories; otherwise the explicit text, else the table default. nullopt for an
  // unknown key or a null default.
  std::optional<std::string> resolved_text(std::string_view key) const;
};

// The configuration an empty server.properties gives (all defaults). Handy in tests.
broker_config default_broker_config();

// DescribeConfigs rows for the BROKER resource: every broker property in table order with its
// value, source (STATIC_BROKER_CONFIG when set in the file or by --override, DEFAULT_CONFIG
// otherwise), read_only = true (Gregor has no dynamic broker configs) and password values hidden.
std::vector<config_entry> describe_broker_config(const broker_config& config);

// The same for any table (tests use it for password handling).
std::vector<config_entry> describe_static_config(const std::vector<property_def>& table,
                                                 const broker_config& config);

}  // namespace gregor::config
