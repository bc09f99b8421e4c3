// server.properties loading: table validation, precedence rules and typed resolution.
#include "config/server_properties.h"

#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

#include "config/broker_properties.h"
#include "config/config_value.h"
#include "config/topic_defaults.h"

namespace gregor::config {
namespace {

using value_map = std::map<std::string, config_value, std::less<>>;

// Typed view over parsed values: explicit ones where set, table defaults otherwise.
class resolver {
 public:
  explicit resolver(value_map values) : values_(std::move(values)) {}

  bool has(std::string_view k) const { return values_.contains(k); }
  int64_t i64(std::string_view k) const { return std::get<int64_t>(values_.find(k)->second); }
  int32_t i32(std::string_view k) const { return static_cast<int32_t>(i64(k)); }
  int16_t i16(std::string_view k) const { return static_cast<int16_t>(i64(k)); }
  bool flag(std::string_view k) const { return std::get<bool>(values_.find(k)->second); }
  double f64(std::string_view k) const { return std::get<double>(values_.find(k)->second); }
  std::string str(std::string_view k) const {
    return std::get<std::string>(values_.find(k)->second);
  }
  std::optional<std::string> opt_str(std::string_view k) const {
    return has(k) ? std::optional(str(k)) : std::nullopt;
  }
  string_list list(std::string_view k) const {
    return std::get<string_list>(values_.find(k)->second);
  }

 private:
  value_map values_;
};

std::string invalid(std::string_view key, std::string_view value, std::string_view why) {
  return fmt::format("Invalid value {} for configuration {}: {}", value, key, why);
}

result<void> resolve_identity(const resolver& r, broker_config& c) {
  int32_t broker_id = r.i32("broker.id");
  int32_t node_id = r.i32("node.id");
  if (broker_id >= 0 && node_id >= 0 && broker_id != node_id) {
    return fail(invalid("node.id", std::to_string(node_id),
                        fmt::format("must equal broker.id ({})", broker_id)));
  }
  c.broker_id = broker_id >= 0 ? broker_id : node_id >= 0 ? node_id : 0;
  c.broker_rack = r.opt_str("broker.rack");
  auto listeners = parse_listeners("listeners", r.str("listeners"));
  if (!listeners) return fail(listeners.error());
  if (listeners->empty()) return fail(invalid("listeners", "", "at least one listener needed"));
  c.listeners = std::move(*listeners);
  if (auto adv = r.opt_str("advertised.listeners")) {
    auto parsed = parse_listeners("advertised.listeners", *adv);
    if (!parsed) return fail(parsed.error());
    c.advertised_listeners = std::move(*parsed);
  } else {
    c.advertised_listeners = c.listeners;
  }
  c.zookeeper_connect = r.opt_str("zookeeper.connect");
  return {};
}

result<void> resolve_log(const resolver& r, broker_config& c) {
  c.log_dirs = r.has("log.dirs") ? r.list("log.dirs") : string_list{r.str("log.dir")};
  if (c.log_dirs.empty() || c.log_dirs.front().empty()) {
    return fail(invalid("log.dirs", join_list(c.log_dirs), "at least one directory needed"));
  }
  constexpr int64_t minute = 60'000, hour = 3'600'000;
  int64_t retention = r.has("log.retention.ms")        ? r.i64("log.retention.ms")
                      : r.has("log.retention.minutes") ? r.i64("log.retention.minutes") * minute
                                                       : r.i64("log.retention.hours") * hour;
  if (retention == 0) {
    return fail(invalid("log.retention.ms", "0", "use -1 for unlimited or a positive value"));
  }
  c.log_retention_ms = retention < 0 ? -1 : retention;
  c.log_roll_ms = r.has("log.roll.ms") ? r.i64("log.roll.ms") : r.i64("log.roll.hours") * hour;
  if (c.log_roll_ms < 1) return fail(invalid("log.roll.ms", std::to_string(c.log_roll_ms),
                                             "must be at least 1"));
  c.log_roll_jitter_ms = r.has("log.roll.jitter.ms") ? r.i64("log.roll.jitter.ms")
                                                     : r.i64("log.roll.jitter.hours") * hour;
  if (c.log_roll_jitter_ms < 0) {
    return fail(invalid("log.roll.jitter.ms", std::to_string(c.log_roll_jitter_ms),
                        "must be at least 0"));
  }
  c.log_flush_scheduler_interval_ms = r.i64("log.flush.scheduler.interval.ms");
  c.log_flush_interval_ms = r.has("log.flush.interval.ms") ? r.i64("log.flush.interval.ms")
                                                           : c.log_flush_scheduler_interval_ms;
  c.log_flush_interval_messages = r.i64("log.flush.interval.messages");
  c.log_flush_offset_checkpoint_interval_ms = r.i32("log.flush.offset.checkpoint.interval.ms");
  c.log_segment_bytes = r.i32("log.segment.bytes");
  c.log_retention_bytes = r.i64("log.retention.bytes");
  c.log_retention_check_interval_ms = r.i64("log.retention.check.interval.ms");
  c.log_segment_delete_delay_ms = r.i64("log.segment.delete.delay.ms");
  c.log_index_interval_bytes = r.i32("log.index.interval.bytes");
  c.log_index_size_max_bytes = r.i32("log.index.size.max.bytes");
  c.log_preallocate = r.flag("log.preallocate");
  c.num_recovery_threads_per_data_dir = r.i32("num.recovery.threads.per.data.dir");
  c.gregor_log_max_open_files = r.i32("gregor.log.max.open.files");
  c.log_cleanup_policy = r.list("log.cleanup.policy");
  c.log_cleaner_enable = r.flag("log.cleaner.enable");
  c.log_cleaner_backoff_ms = r.i64("log.cleaner.backoff.ms");
  c.log_cleaner_delete_retention_ms = r.i64("log.cleaner.delete.retention.ms");
  c.log_cleaner_min_cleanable_ratio = r.f64("log.cleaner.min.cleanable.ratio");
  c.log_cleaner_min_compaction_lag_ms = r.i64("log.cleaner.min.compaction.lag.ms");
  c.log_cleaner_max_compaction_lag_ms = r.i64("log.cleaner.max.compaction.lag.ms");
  if (c.log_cleaner_min_compaction_lag_ms > c.log_cleaner_max_compaction_lag_ms) {
    return fail(invalid("log.cleaner.min.compaction.lag.ms",
                        std::to_string(c.log_cleaner_min_compaction_lag_ms),
                        "must not exceed log.cleaner.max.compaction.lag.ms"));
  }
  c.log_message_timestamp_type = r.str("log.message.timestamp.type");
  c.log_message_timestamp_difference_max_ms = r.i64("log.message.timestamp.difference.max.ms");
  c.log_message_timestamp_before_max_ms = r.i64("log.message.timestamp.before.max.ms");
  c.log_message_timestamp_after_max_ms = r.i64("log.message.timestamp.after.max.ms");
  c.log_message_downconversion_enable = r.flag("log.message.downconversion.enable");
  return {};
}

result<void> resolve_rest(const resolver& r, broker_config& c) {
  c.socket_request_max_bytes = r.i32("socket.request.max.bytes");
  c.socket_send_buffer_bytes = r.i32("socket.send.buffer.bytes");
  c.socket_receive_buffer_bytes = r.i32("socket.receive.buffer.bytes");
  c.num_network_threads = r.i32("num.network.threads");
  c.num_io_threads = r.i32("num.io.threads");
  c.queued_max_requests = r.i32("queued.max.requests");
  c.zookeeper_session_timeout_ms = r.i32("zookeeper.session.timeout.ms");
  c.num_partitions = r.i32("num.partitions");
  c.default_replication_factor = r.i32("default.replication.factor");
  c.auto_create_topics_enable = r.flag("auto.create.topics.enable");
  c.delete_topic_enable = r.flag("delete.topic.enable");
  c.message_max_bytes = r.i32("message.max.bytes");
  c.min_insync_replicas = r.i32("min.insync.replicas");
  c.unclean_leader_election_enable = r.flag("unclean.leader.election.enable");
  c.compression_type = r.str("compression.type");
  c.offsets_topic_num_partitions = r.i32("offsets.topic.num.partitions");
  c.offsets_topic_replication_factor = r.i16("offsets.topic.replication.factor");
  c.offsets_retention_minutes = r.i32("offsets.retention.minutes");
  c.offsets_retention_check_interval_ms = r.i64("offsets.retention.check.interval.ms");
  c.offsets_topic_segment_bytes = r.i32("offsets.topic.segment.bytes");
  c.offsets_topic_compression_codec = r.i32("offsets.topic.compression.codec");
  c.offset_metadata_max_bytes = r.i32("offset.metadata.max.bytes");
  c.group_initial_rebalance_delay_ms = r.i32("group.initial.rebalance.delay.ms");
  c.group_min_session_timeout_ms = r.i32("group.min.session.timeout.ms");
  c.group_max_session_timeout_ms = r.i32("group.max.session.timeout.ms");
  if (c.group_min_session_timeout_ms > c.group_max_session_timeout_ms) {
    return fail(invalid("group.min.session.timeout.ms",
                        std::to_string(c.group_min_session_timeout_ms),
                        "must not exceed group.max.session.timeout.ms"));
  }
  c.group_max_size = r.i32("group.max.size");
  c.producer_id_expiration_ms = r.i32("producer.id.expiration.ms");
  c.transactional_id_expiration_ms = r.i32("transactional.id.expiration.ms");
  c.transaction_max_timeout_ms = r.i32("transaction.max.timeout.ms");
  c.transaction_state_log_num_partitions = r.i32("transaction.state.log.num.partitions");
  c.transaction_state_log_replication_factor =
      r.i16("transaction.state.log.replication.factor");
  c.transaction_state_log_min_isr = r.i32("transaction.state.log.min.isr");
  return {};
}

}  // namespace

result<std::pair<std::string, std::string>> parse_override(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || trim(text.substr(0, eq)).empty()) {
    return fail(fmt::format("Invalid --override {}: expected key=value", text));
  }
  return std::pair{std::string(trim(text.substr(0, eq))), std::string(text.substr(eq + 1))};
}

result<loaded_broker_config> load_broker_config(const property_list& entries) {
  loaded_broker_config out;
  value_map values;
  for (const auto& def : broker_properties()) {
    if (!def.default_value) continue;
    auto v = parse_value(def, *def.default_value);
    if (!v) return fail("broken default: " + v.error());  // a table bug; tests catch it
    values[std::string(def.name)] = std::move(*v);
  }
  for (const auto& [key, text] : entries) {
    const property_def* def = find_property(broker_properties(), key);
    if (def == nullptr) {
      out.warnings.push_back(fmt::format("Unknown broker config {} ignored", key));
      continue;
    }
    auto v = parse_value(*def, text);
    if (!v) return fail(v.error());
    out.config.explicit_values[key] = format_value(*v);
    values[key] = std::move(*v);
  }
  resolver r(std::move(values));
  if (auto ok = resolve_identity(r, out.config); !ok) return fail(ok.error());
  if (auto ok = resolve_log(r, out.config); !ok) return fail(ok.error());
  if (auto ok = resolve_rest(r, out.config); !ok) return fail(ok.error());
  if (auto defaults = topic_defaults::from(out.config); !defaults) return fail(defaults.error());
  return out;
}

result<loaded_broker_config> load_broker_config(std::string_view properties_text,
                                                std::span<const std::string> overrides) {
  auto entries = parse_properties(properties_text);
  if (!entries) return fail(entries.error());
  for (const auto& text : overrides) {
    auto kv = parse_override(text);
    if (!kv) return fail(kv.error());
    entries->push_back(std::move(*kv));
  }
  return load_broker_config(*entries);
}

result<loaded_broker_config> load_broker_config_file(const std::filesystem::path& path,
                                                     std::span<const std::string> overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(fmt::format("Cannot read broker config file {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(fmt::format("Error reading broker config file {}", path.string()));
  auto loaded = load_broker_config(text.str(), overrides);
  if (!loaded) return fail(fmt::format("{}: {}", path.string(), loaded.error()));
  return loaded;
}

result<server_args> parse_server_args(std::span<const std::string> args) {
  server_args out;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--override") {
      if (i + 1 == args.size()) return fail(std::string("--override needs key=value"));
      out.overrides.push_back(args[++i]);
    } else if (a.starts_with("--override=")) {
      out.overrides.emplace_back(a.substr(std::string_view("--override=").size()));
    } else if (a.starts_with("-")) {
      return fail(fmt::format("Unknown option {}", a));
    } else if (out.properties_path.empty()) {
      out.properties_path = std::string(a);
    } else {
      return fail(fmt::format("Unexpected argument {}", a));
    }
  }
  if (out.properties_path.empty()) return fail(std::string("Missing server.properties path"));
  for (const auto& o : out.overrides) {
    if (auto kv = parse_override(o); !kv) return fail(kv.error());
  }
  return out;
}

}  // namespace gregor::config
