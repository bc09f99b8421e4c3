// Building the typed topic_settings from overrides and broker-derived defaults.
#include "config/topic_settings.h"

#include <algorithm>
#include <fmt/format.h>

#include "config/topic_defaults.h"
#include "config/topic_properties.h"

namespace gregor::config {
namespace {

class reader {
 public:
  reader(const override_map& o, const topic_defaults& d) : overrides_(o), defaults_(d) {}

  // True when the value was chosen by someone (topic override or server.properties).
  bool chosen(std::string_view name) const {
    if (overrides_.contains(name)) return true;
    const auto* e = defaults_.find(name);
    return e != nullptr && e->source != config_source::default_config;
  }

  config_value get(std::string_view name) const {
    const property_def* def = find_property(topic_properties(), name);
    std::string text;
    if (auto it = overrides_.find(name); it != overrides_.end()) {
      text = it->second;
    } else if (const auto* e = defaults_.find(name)) {
      text = e->value;
    }
    // Values were validated when stored; a failure here is a broken invariant.
    return parse_value(*def, text).value();
  }
  int64_t i64(std::string_view n) const { return std::get<int64_t>(get(n)); }
  int32_t i32(std::string_view n) const { return static_cast<int32_t>(i64(n)); }
  bool flag(std::string_view n) const { return std::get<bool>(get(n)); }
  double f64(std::string_view n) const { return std::get<double>(get(n)); }
  std::string str(std::string_view n) const { return std::get<std::string>(get(n)); }
  string_list list(std::string_view n) const { return std::get<string_list>(get(n)); }

 private:
  const override_map& overrides_;
  const topic_defaults& defaults_;
};

}  // namespace

result<topic_settings> build_topic_settings(const override_map& overrides,
                                            const topic_defaults& defaults) {
  reader r(overrides, defaults);
  topic_settings s;
  auto policy = r.list("cleanup.policy");
  auto has = [&](std::string_view p) { return std::find(policy.begin(), policy.end(), p) != policy.end(); };
  s.cleanup_delete = has("delete");
  s.cleanup_compact = has("compact");
  s.retention_ms = r.i64("retention.ms");
  s.retention_bytes = r.i64("retention.bytes");
  s.segment_bytes = r.i32("segment.bytes");
  s.segment_ms = r.i64("segment.ms");
  s.segment_jitter_ms = r.i64("segment.jitter.ms");
  s.segment_index_bytes = r.i32("segment.index.bytes");
  s.index_interval_bytes = r.i32("index.interval.bytes");
  s.max_message_bytes = r.i32("max.message.bytes");
  s.compression_type = r.str("compression.type");
  s.log_append_time = r.str("message.timestamp.type") == "LogAppendTime";
  // KIP-937: before/after replace difference.max.ms; the old key still applies to a side
  // whose new key nobody chose.
  int64_t difference = r.i64("message.timestamp.difference.max.ms");
  bool use_difference = r.chosen("message.timestamp.difference.max.ms");
  s.message_timestamp_before_max_ms =
      !r.chosen("message.timestamp.before.max.ms") && use_difference
          ? difference : r.i64("message.timestamp.before.max.ms");
  s.message_timestamp_after_max_ms =
      !r.chosen("message.timestamp.after.max.ms") && use_difference
          ? difference : r.i64("message.timestamp.after.max.ms");
  s.message_downconversion_enable = r.flag("message.downconversion.enable");
  s.min_insync_replicas = r.i32("min.insync.replicas");
  s.unclean_leader_election_enable = r.flag("unclean.leader.election.enable");
  s.flush_messages = r.i64("flush.messages");
  s.flush_ms = r.i64("flush.ms");
  s.delete_retention_ms = r.i64("delete.retention.ms");
  s.min_cleanable_dirty_ratio = r.f64("min.cleanable.dirty.ratio");
  s.min_compaction_lag_ms = r.i64("min.compaction.lag.ms");
  s.max_compaction_lag_ms = r.i64("max.compaction.lag.ms");
  s.file_delete_delay_ms = r.i64("file.delete.delay.ms");
  s.preallocate = r.flag("preallocate");
  s.leader_replication_throttled_replicas = r.list("leader.replication.throttled.replicas");
  s.follower_replication_throttled_replicas = r.list("follower.replication.throttled.replicas");
  if (s.min_compaction_lag_ms > s.max_compaction_lag_ms) {
    return fail(fmt::format("Invalid value {} for configuration min.compaction.lag.ms: must not "
                            "exceed max.compaction.lag.ms ({})",
                            s.min_compaction_lag_ms, s.max_compaction_lag_ms));
  }
  return s;
}

}  // namespace gregor::config
