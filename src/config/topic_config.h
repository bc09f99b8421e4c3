// topic_config: one topic's configuration -- the overrides set on it (CreateTopics configs,
// AlterConfigs, IncrementalAlterConfigs) over the broker-derived topic_defaults.
//
// Every mutation validates before it changes anything (an incremental batch is all-or-nothing)
// and then refreshes the typed topic_settings, so getters are plain field reads. Errors name
// the key and value; the broker answers them with INVALID_CONFIG (40), or INVALID_REQUEST (42)
// for config_errc::invalid_request.
//
// Sources reported: DYNAMIC_TOPIC_CONFIG for overrides, else the default's source
// (STATIC_BROKER_CONFIG or DEFAULT_CONFIG). Overrides are persisted as properties text with
// serialize()/deserialize() (see topic_config_file.h).
//
// Not thread-safe: the owner (the partition or topic table) serializes access. Copyable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/config_entry.h"
#include "config/properties_file.h"
#include "config/topic_defaults.h"
#include "config/topic_settings.h"

namespace gregor::config {

// IncrementalAlterConfigs operation numbers.
enum class alter_op_type : int8_t { set = 0, remove = 1 /* DELETE */, append = 2, subtract = 3 };

struct alter_op {
  std::string name;
  alter_op_type op = alter_op_type::set;
  std::optional<std::string> value;  // ignored for remove
};

enum class config_errc : uint8_t { invalid_config, invalid_request };

struct config_error {
  config_errc code = config_errc::invalid_config;
  std::string message;
};

class topic_config {
 public:
  explicit topic_config(std::shared_ptr<const topic_defaults> defaults);

  // A topic created with `overrides` (CreateTopics configs); any bad entry fails the whole set.
  static result<topic_config> create(std::shared_ptr<const topic_defaults> defaults,
                                     const property_list& overrides);

  // Sets one override after validating it (unknown key or bad value -> error naming both).
  result<void> set(std::string_view name, std::string_view value);
  // Removes an override so the default applies again; unknown key -> error.
  result<void> unset(std::string_view name);
  // AlterConfigs (non-incremental): the overrides become exactly `entries`.
  result<void> replace_all(const property_list& entries);
  // IncrementalAlterConfigs: applies `ops` in order, all or nothing. APPEND adds list items
  // not yet present and SUBTRACT removes items, both starting from the effective value.
  result<void, config_error> apply(std::span<const alter_op> ops);

  // The effective value of one property with its source; error for an unknown name.
  result<config_entry> get_effective(std::string_view name) const;
  // Every topic property in table order (DescribeConfigs on a TOPIC resource).
  std::vector<config_entry> describe() const;

  const override_map& overrides() const { return overrides_; }
  const topic_settings& settings() const { return settings_; }
  const std::shared_ptr<const topic_defaults>& defaults() const { return defaults_; }

  // Persistence of the overrides only (properties text; defaults are re-derived at startup).
  std::string serialize() const;
  struct loaded;
  static result<loaded> deserialize(std::shared_ptr<const topic_defaults> defaults,
                                    std::string_view text);

  // Typed getters for the log layer.
  bool cleanup_delete() const { return settings_.cleanup_delete; }
  bool cleanup_compact() const { return settings_.cleanup_compact; }
  int64_t retention_ms() const { return settings_.retention_ms; }
  int64_t retention_bytes() const { return settings_.retention_bytes; }
  int64_t segment_bytes() const { return settings_.segment_bytes; }
  int64_t segment_ms() const { return settings_.segment_ms; }
  int64_t segment_jitter_ms() const { return settings_.segment_jitter_ms; }
  int64_t segment_index_bytes() const { return settings_.segment_index_bytes; }
  int64_t index_interval_bytes() const { return settings_.index_interval_bytes; }
  int64_t max_message_bytes() const { return settings_.max_message_bytes; }
  const std::string& compression_type() const { return settings_.compression_type; }
  bool log_append_time() const { return settings_.log_append_time; }
  int64_t message_timestamp_before_max_ms() const {
    return settings_.message_timestamp_before_max_ms;
  }
  int64_t message_timestamp_after_max_ms() const {
    return settings_.message_timestamp_after_max_ms;
  }
  int32_t min_insync_replicas() const { return settings_.min_insync_replicas; }
  bool unclean_leader_election_enable() const { return settings_.unclean_leader_election_enable; }
  int64_t flush_messages() const { return settings_.flush_messages; }
  int64_t flush_ms() const { return settings_.flush_ms; }
  int64_t delete_retention_ms() const { return settings_.delete_retention_ms; }
  double min_cleanable_dirty_ratio() const { return settings_.min_cleanable_dirty_ratio; }
  int64_t min_compaction_lag_ms() const { return settings_.min_compaction_lag_ms; }
  int64_t max_compaction_lag_ms() const { return settings_.max_compaction_lag_ms; }
  int64_t file_delete_delay_ms() const { return settings_.file_delete_delay_ms; }
  bool preallocate() const { return settings_.preallocate; }

 private:
  // Validates `candidate` as a whole and, on success, makes it the current overrides.
  result<void> commit(override_map candidate);

  std::shared_ptr<const topic_defaults> defaults_;
  override_map overrides_;
  topic_settings settings_;
};

struct topic_config::loaded {
  topic_config config;
  std::vector<std::string> warnings;  // unknown keys skipped (e.g. written by a newer Gregor)
};

}  // namespace gregor::config
