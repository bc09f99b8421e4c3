#include "broker/broker.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <spdlog/spdlog.h>

#include "broker/topic_name.h"
#include "config/topic_config_file.h"
#include "producer/producer_state_snapshot.h"
#include "storage/log_batches.h"

namespace gregor::broker {
namespace {

int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string advertised_host_for(const std::string& host) {
  if (!host.empty() && host != "0.0.0.0" && host != "::") return host;
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0 && name[0] != 0) return name;
  return "localhost";
}

// Kafka's internal topics: clients may read them but not produce to them.
bool is_internal_topic(const std::string& name) {
  return name == coordinator::offsets_topic_name || name == "__transaction_state";
}

records::compression offsets_codec(int32_t code) {
  switch (code) {
    case 1: return records::compression::gzip;
    case 2: return records::compression::snappy;
    case 3: return records::compression::lz4;
    case 4: return records::compression::zstd;
    default: return records::compression::none;
  }
}

// Where topic config overrides are kept: one properties file per topic in the first log dir.
// The leading dot keeps the folder from ever parsing as a "<topic>-<partition>" directory.
constexpr const char* topic_config_dir = ".gregor-topic-configs";

}  // namespace

broker::broker(config::broker_config cfg) : config_(std::move(cfg)) {}

broker::~broker() { stop(); }

std::string broker::start() {
  auto started = std::chrono::steady_clock::now();
  node_id_ = config_.broker_id < 0 ? 0 : config_.broker_id;
  if (config_.listeners.empty()) return "no listener configured (listeners)";
  const auto& listener = config_.listeners.front();
  const auto& advertised = config_.advertised_listeners.empty() ? listener : config_.advertised_listeners.front();
  advertised_host_ = advertised_host_for(advertised.host);

  auto defaults = config::topic_defaults::from(config_);
  if (!defaults) return "invalid topic defaults: " + defaults.error();
  topic_defaults_ = *defaults;

  std::vector<std::filesystem::path> dirs(config_.log_dirs.begin(), config_.log_dirs.end());
  storage::log_manager_options storage_options;
  storage_options.max_open_files = static_cast<size_t>(std::max(config_.gregor_log_max_open_files, 0));
  auto opened = storage::log_manager::open(dirs, node_id_, std::nullopt, storage_options);
  if (!opened) return "cannot open log dirs: " + opened.error();
  logs_ = std::move(*opened);
  spdlog::debug("at most {} segment files open at once", logs_->open_files().max_open());
  cluster_id_ = logs_->cluster_id();

  auto ids = producer::producer_id_manager::open(dirs.front());
  if (!ids) return "cannot open producer id block: " + ids.error();
  producer_ids_ = std::move(*ids);

  if (std::string error = load_topics(); !error.empty()) return error;
  start_log_cleaner();
  if (std::string error = start_group_coordinator(); !error.empty()) return error;

  flusher_.start();
  net::server_options options;
  options.host = listener.host;
  options.port = listener.port;
  options.threads = config_.num_network_threads;
  options.max_request_bytes = config_.socket_request_max_bytes;
  options.send_buffer_bytes = config_.socket_send_buffer_bytes;
  options.receive_buffer_bytes = config_.socket_receive_buffer_bytes;
  server_ = std::make_unique<net::server>(options, dispatcher_);
  if (std::string error = server_->listen(); !error.empty()) return error;
  advertised_port_ = advertised.port == 0 ? server_->port() : advertised.port;
  if (&advertised == &listener) advertised_port_ = server_->port();
  server_->start();
  background_ = std::thread([this] { background_loop(); });

  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("Gregor broker {} serving on {}:{} (advertised {}:{}), cluster {}, {} topics, started in {:.1f} ms",
               node_id_, listener.host.empty() ? "0.0.0.0" : listener.host, server_->port(), advertised_host_,
               advertised_port_, cluster_id_, topics_.all().size(), ms);
  return {};
}

void broker::stop() {
  {
    std::lock_guard lock(background_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  // Members waiting in JoinGroup/SyncGroup get NOT_COORDINATOR while connections are still up.
  if (groups_) groups_->shutdown();
  background_wake_.notify_all();
  if (background_.joinable()) background_.join();
  if (server_) server_->stop();
  admin_pool_.join();
  if (group_loader_.joinable()) group_loader_.join();
  if (group_timers_) group_timers_->stop();
  flusher_.stop();
  if (cleaner_) cleaner_->stop();
  if (logs_) {
    write_producer_snapshots();
    logs_->shutdown();
  }
}

std::string broker::topic_config_path(const std::string& topic) const {
  return (std::filesystem::path(config_.log_dirs.front()) / topic_config_dir / (topic + ".properties")).string();
}

storage::log_config broker::log_config_for(const config::topic_config& cfg) const {
  storage::log_config out;
  out.segment_bytes = cfg.segment_bytes();
  out.segment_ms = cfg.segment_ms();
  out.retention_ms = cfg.retention_ms();
  out.retention_bytes = cfg.retention_bytes();
  out.index_interval_bytes = static_cast<int32_t>(cfg.index_interval_bytes());
  out.max_index_bytes = static_cast<int32_t>(cfg.segment_index_bytes());
  out.flush_messages = cfg.flush_messages();
  out.flush_ms = cfg.flush_ms();
  out.delete_enabled = cfg.cleanup_delete();
  out.file_delete_delay_ms = cfg.file_delete_delay_ms();
  out.compact_enabled = cfg.cleanup_compact();
  out.delete_retention_ms = cfg.delete_retention_ms();
  out.min_cleanable_dirty_ratio = cfg.min_cleanable_dirty_ratio();
  out.min_compaction_lag_ms = cfg.min_compaction_lag_ms();
  out.max_compaction_lag_ms = cfg.max_compaction_lag_ms();
  return out;
}

std::shared_ptr<partition> broker::open_partition(const std::string& topic_name, int32_t index, const uuid& id,
                                                  std::shared_ptr<storage::log> log) {
  auto p = std::make_shared<partition>(topic_name, index, id, std::move(log));
  // Rebuild idempotent-producer state: the latest snapshot, then the batches after it.
  auto dir = p->log().dir();
  auto snapshot = producer::load_latest_snapshot(dir, p->log().log_end_offset());
  int64_t replay_from = p->log().log_start_offset();
  if (snapshot && *snapshot) {
    p->producer_state() = std::move((*snapshot)->table);
    replay_from = std::max(replay_from, (*snapshot)->offset);
  }
  storage::for_each_batch(p->log(), replay_from, p->log().log_end_offset(),
                          [&](byte_span, const records::batch_header& h) {
                            if (!h.has_producer_id()) return;
                            p->producer_state().replay_batch({h.producer_id, h.producer_epoch, h.base_sequence,
                                                              h.last_offset_delta, h.is_transactional()},
                                                             h.base_offset, h.last_offset(), h.max_timestamp);
                          });
  return p;
}

std::string broker::load_topics() {
  // Topic configs first: the log manager opens each partition with its topic's settings.
  std::map<std::string, config::topic_config> configs;
  std::string config_error;
  auto config_for = [&](const std::string& name) -> storage::log_config {
    auto it = configs.find(name);
    if (it == configs.end()) {
      auto loaded = config::load_topic_config(topic_config_path(name), topic_defaults_);
      if (!loaded) {
        config_error = "topic " + name + ": " + loaded.error();
        loaded = config::topic_config::loaded{config::topic_config(topic_defaults_), {}};
      }
      for (const auto& w : loaded->warnings) spdlog::warn("topic {}: {}", name, w);
      it = configs.emplace(name, std::move(loaded->config)).first;
    }
    return log_config_for(it->second);
  };
  auto loaded = logs_->load_all(config_for);
  if (!loaded) return "cannot load logs: " + loaded.error();
  if (!config_error.empty()) return config_error;

  std::map<std::string, std::vector<storage::loaded_partition>> by_topic;
  for (auto& lp : *loaded) by_topic[lp.topic].push_back(lp);
  for (auto& [name, parts] : by_topic) {
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.partition < b.partition; });
    config_for(name);
    auto t = std::make_shared<topic>(name, parts.front().topic_id, configs.at(name));
    if (t->id.is_zero()) t->id = uuid::random();
    t->internal = is_internal_topic(name);
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].partition != static_cast<int32_t>(i))
        return "topic " + name + " is missing partition " + std::to_string(i) + " in the log dirs";
      t->partitions.push_back(open_partition(name, parts[i].partition, t->id, parts[i].partition_log));
    }
    topics_.insert(std::move(t));
  }
  return {};
}

topic_error broker::create_topic(const std::string& name, int32_t partitions, int16_t replication_factor,
                                 const std::vector<std::pair<std::string, std::optional<std::string>>>& configs,
                                 bool validate_only) {
  using protocol::error_code;
  if (auto bad = invalid_topic_name(name)) return {error_code::invalid_topic_exception, *bad};
  if (partitions == -1) partitions = config_.num_partitions;
  if (replication_factor == -1) replication_factor = static_cast<int16_t>(config_.default_replication_factor);
  if (partitions <= 0) return {error_code::invalid_partitions, "Number of partitions must be larger than 0."};
  if (replication_factor <= 0)
    return {error_code::invalid_replication_factor, "Replication factor must be larger than 0."};
  if (replication_factor > 1)
    return {error_code::invalid_replication_factor, "Replication factor: " + std::to_string(replication_factor) +
                                                        " larger than available brokers: 1."};
  config::property_list overrides;
  for (const auto& [k, v] : configs) {
    if (!v) return {error_code::invalid_config, "Null value not supported for topic configs: " + k};
    overrides.push_back({k, *v});
  }
  auto topic_cfg = config::topic_config::create(topic_defaults_, overrides);
  if (!topic_cfg) return {error_code::invalid_config, topic_cfg.error()};

  std::lock_guard lock(admin_mutex_);
  if (topics_.find(name)) return {error_code::topic_already_exists, "Topic '" + name + "' already exists."};
  for (const auto& other : topics_.all()) {
    if (metric_safe_name(other->name) == metric_safe_name(name))
      return {error_code::invalid_topic_exception,
              "Topic '" + name + "' collides with existing topic: " + other->name};
  }
  if (validate_only) return {};

  auto t = std::make_shared<topic>(name, uuid::random(), std::move(*topic_cfg));
  t->internal = is_internal_topic(name);
  if (!t->config.overrides().empty()) {
    std::filesystem::create_directories(std::filesystem::path(topic_config_path(name)).parent_path());
    if (auto saved = config::save_topic_config(topic_config_path(name), t->config); !saved)
      return {error_code::kafka_storage_error, saved.error()};
  }
  auto lc = log_config_for(t->config);
  for (int32_t i = 0; i < partitions; ++i) {
    auto log = logs_->create_log(name, i, t->id, lc);
    if (!log) {
      for (int32_t j = 0; j < i; ++j) (void)logs_->delete_log(name, j);
      return {error_code::kafka_storage_error, "cannot create partition " + std::to_string(i) + ": " + log.error()};
    }
    t->partitions.push_back(std::make_shared<partition>(name, i, t->id, *log));
  }
  topics_.insert(t);
  spdlog::info("created topic {} with {} partitions (id {})", name, partitions, t->id.to_base64());
  return {};
}

topic_error broker::delete_topic(const std::string& name) {
  using protocol::error_code;
  if (!config_.delete_topic_enable)
    return {error_code::topic_deletion_disabled, "Topic deletion is disabled (delete.topic.enable=false)."};
  {
    std::lock_guard lock(admin_mutex_);
    auto t = topics_.erase(name);
    if (!t) return {error_code::unknown_topic_or_partition, "Topic '" + name + "' does not exist."};
    for (const auto& p : t->partitions) {
      if (auto deleted = logs_->delete_log(name, p->index()); !deleted)
        spdlog::error("deleting {}-{}: {}", name, p->index(), deleted.error());
    }
    std::error_code ec;
    std::filesystem::remove(topic_config_path(name), ec);
  }
  // Outside the admin lock: this appends tombstones to __consumer_offsets.
  if (groups_) groups_->remove_offsets_of_topics({name});
  spdlog::info("deleted topic {}", name);
  return {};
}

topic_error broker::create_partitions(const std::string& name, int32_t total_count, bool validate_only) {
  using protocol::error_code;
  std::lock_guard lock(admin_mutex_);
  auto t = topics_.find(name);
  if (!t) return {error_code::unknown_topic_or_partition, "Topic '" + name + "' does not exist."};
  int32_t current = static_cast<int32_t>(t->partitions.size());
  if (total_count < current)
    return {error_code::invalid_partitions, "Topic currently has " + std::to_string(current) +
                                                " partitions, which is higher than the requested " +
                                                std::to_string(total_count) + "."};
  if (total_count == current)
    return {error_code::invalid_partitions, "Topic already has " + std::to_string(current) + " partitions."};
  if (validate_only) return {};
  auto grown = std::make_shared<topic>(*t);
  auto lc = log_config_for(grown->config);
  for (int32_t i = current; i < total_count; ++i) {
    auto log = logs_->create_log(name, i, grown->id, lc);
    if (!log) return {error_code::kafka_storage_error, log.error()};
    grown->partitions.push_back(std::make_shared<partition>(name, i, grown->id, *log));
  }
  topics_.replace(grown);
  return {};
}

topic_error broker::update_topic_config(const std::shared_ptr<topic>& t, config::topic_config new_config) {
  using protocol::error_code;
  std::lock_guard lock(admin_mutex_);
  auto current = topics_.find(t->name);
  if (!current) return {error_code::unknown_topic_or_partition, "Topic '" + t->name + "' does not exist."};
  std::filesystem::create_directories(std::filesystem::path(topic_config_path(t->name)).parent_path());
  if (auto saved = config::save_topic_config(topic_config_path(t->name), new_config); !saved)
    return {error_code::kafka_storage_error, saved.error()};
  auto updated = std::make_shared<topic>(*current);
  updated->config = std::move(new_config);
  auto lc = log_config_for(updated->config);
  for (auto& p : updated->partitions) p->log().update_config(lc);
  topics_.replace(updated);
  return {};
}

void broker::start_log_cleaner() {
  // Always running: besides compaction (log.cleaner.enable) it removes retired segment files
  // once file.delete.delay.ms has passed.
  storage::log_cleaner_options options;
  options.backoff_ms = config_.log_cleaner_backoff_ms;
  options.compaction_enabled = config_.log_cleaner_enable;
  options.on_round = [](const storage::cleaning_report& r) {
    if (!r.error.empty()) {
      spdlog::error("log cleaner {}-{}: {}", r.topic, r.partition, r.error);
    } else {
      spdlog::info("log cleaner {}-{}: {}, {} records removed, read {} wrote {} bytes in {} ms", r.topic, r.partition,
                   storage::to_string(r.result.outcome), r.result.records_removed, r.result.bytes_read,
                   r.result.bytes_written, r.duration_ms);
    }
  };
  cleaner_ = std::make_unique<storage::log_cleaner>(*logs_, std::move(options));
  cleaner_->start();
}

std::string broker::start_group_coordinator() {
  coordinator::coordinator_config gc;
  gc.offsets_partitions = config_.offsets_topic_num_partitions;
  gc.min_session_timeout_ms = config_.group_min_session_timeout_ms;
  gc.max_session_timeout_ms = config_.group_max_session_timeout_ms;
  gc.initial_rebalance_delay_ms = config_.group_initial_rebalance_delay_ms;
  gc.max_group_size = config_.group_max_size;
  gc.offsets_retention_ms = int64_t{config_.offsets_retention_minutes} * 60 * 1000;
  gc.offsets_retention_check_interval_ms = config_.offsets_retention_check_interval_ms;
  gc.offset_metadata_max_bytes = config_.offset_metadata_max_bytes;
  auto existing = topics_.find(coordinator::offsets_topic_name);
  if (existing) {
    // The partition count is fixed once the topic exists; groups map onto what is on disk.
    gc.offsets_partitions = static_cast<int32_t>(existing->partitions.size());
  }
  group_timers_ = std::make_unique<coordinator::timer_thread>();
  offsets_log_ = std::make_unique<consumer_offsets_log>(*this, offsets_codec(config_.offsets_topic_compression_codec));
  groups_ = std::make_unique<coordinator::group_coordinator>(gc, *group_timers_, *offsets_log_);
  if (existing) {
    // Load in the background: the broker serves at once; groups answer
    // COORDINATOR_LOAD_IN_PROGRESS until their partition is read.
    for (const auto& p : existing->partitions) groups_->begin_loading(p->index());
    offsets_topic_ready_ = true;
    group_loader_ = std::thread([this, existing] { consumer_offsets_log::load_all(existing, *groups_); });
  }
  return {};
}

protocol::error_code broker::ensure_offsets_topic() {
  if (offsets_topic_ready_.load(std::memory_order_acquire)) return protocol::error_code::none;
  std::lock_guard lock(offsets_topic_mutex_);
  if (offsets_topic_ready_.load()) return protocol::error_code::none;
  // offsets.topic.replication.factor above the broker count must not break a single node.
  auto created = create_topic(coordinator::offsets_topic_name, groups_->config().offsets_partitions, 1,
                              {{"cleanup.policy", "compact"},
                               {"segment.bytes", std::to_string(config_.offsets_topic_segment_bytes)},
                               {"compression.type", "producer"}},
                              false);
  if (created && created.code != protocol::error_code::topic_already_exists) {
    spdlog::error("cannot create {}: {}", coordinator::offsets_topic_name, created.message);
    return protocol::error_code::coordinator_not_available;
  }
  auto t = topics_.find(coordinator::offsets_topic_name);
  if (!t) return protocol::error_code::coordinator_not_available;
  for (const auto& p : t->partitions) {
    groups_->begin_loading(p->index());
    groups_->finish_loading(p->index());
  }
  offsets_topic_ready_ = true;
  return protocol::error_code::none;
}

void broker::write_producer_snapshots() {
  for (const auto& t : topics_.all())
    for (const auto& p : t->partitions) p->snapshot_producer_state();
}

bool broker::flush_rolled_segments() {
  bool flushed_any = false;
  for (const auto& t : topics_.all()) {
    for (const auto& p : t->partitions) {
      auto rolled_at = p->log().unflushed_roll();
      if (!rolled_at) continue;
      if (auto r = p->log().flush_up_to(*rolled_at); !r) {
        spdlog::error("fsync of the rolled segments of {}-{} failed: {}", p->topic(), p->index(), r.error());
        continue;
      }
      p->flushed();
      flushed_any = true;
    }
  }
  return flushed_any;
}

void broker::background_loop() {
  using namespace std::chrono;
  auto next_retention = steady_clock::now() + milliseconds(config_.log_retention_check_interval_ms);
  auto next_checkpoint = steady_clock::now() + milliseconds(config_.log_flush_offset_checkpoint_interval_ms);
  auto next_expiry = steady_clock::now() + minutes(10);
  for (;;) {
    {
      std::unique_lock lock(background_mutex_);
      if (background_wake_.wait_for(lock, milliseconds(500), [&] { return stopping_; })) return;
    }
    const auto now = steady_clock::now();
    const int64_t wall = wall_clock_ms();
    // Kafka's flush policy: flush.messages / flush.ms per partition.
    for (const auto& t : topics_.all())
      for (const auto& p : t->partitions)
        if (p->log().needs_flush(wall)) flusher_.request(p);
    // As Kafka does when a segment rolls: fsync the rolled segments here, off the acks=all
    // flusher (a 1 GiB segment can take a second), then checkpoint the recovery points and take
    // producer snapshots at once, so a crash re-reads only the active segment.
    if (flush_rolled_segments()) next_checkpoint = now;
    if (now >= next_retention) {
      next_retention = now + milliseconds(config_.log_retention_check_interval_ms);
      for (const auto& t : topics_.all()) {
        for (const auto& p : t->partitions) {
          size_t deleted = p->log().apply_retention(wall);
          if (!deleted) continue;
          spdlog::info("retention deleted {} segments of {}-{}", deleted, t->name, p->index());
          std::lock_guard lock(p->mutex());
          p->producer_state().remove_before(p->log().log_start_offset());
        }
      }
    }
    if (now >= next_checkpoint) {
      next_checkpoint = now + milliseconds(config_.log_flush_offset_checkpoint_interval_ms);
      logs_->checkpoint_all();
      write_producer_snapshots();
    }
    if (now >= next_expiry) {
      next_expiry = now + minutes(10);
      for (const auto& t : topics_.all()) {
        for (const auto& p : t->partitions) {
          std::lock_guard lock(p->mutex());
          p->producer_state().expire(wall, config_.producer_id_expiration_ms);
        }
      }
    }
  }
}

}  // namespace gregor::broker
