#include "storage/log_manager.h"

#include <algorithm>
#include <cstdint>

#include "storage/checkpoint_file.h"
#include "storage/log_files.h"
#include "storage/meta_properties.h"

namespace gregor::storage {
namespace {

std::map<std::pair<std::string, int32_t>, int64_t> to_map(const std::vector<partition_offset>& entries) {
  std::map<std::pair<std::string, int32_t>, int64_t> out;
  for (const auto& e : entries) out[{e.topic, e.partition}] = e.offset;
  return out;
}

}  // namespace

log_manager::log_manager(fs::file_system& fs, std::function<int64_t()> clock, int32_t node_id,
                         size_t max_open_files)
    : fs_(fs),
      // More than the open-file limit allows would fail opens with EMFILE instead of closing idle files.
      files_(fs::open_file_cache::create(
          fs, std::min(max_open_files > 0 ? max_open_files : SIZE_MAX, fs::open_file_cache::default_max_open()))),
      clock_(std::move(clock)), node_id_(node_id) {}

log_manager::~log_manager() = default;

result<std::unique_ptr<log_manager>> log_manager::open(std::vector<fs::path> dirs, int32_t node_id,
                                                       std::optional<std::string> cluster_id,
                                                       log_manager_options options) {
  if (dirs.empty()) return fail(std::string("no log dirs configured"));
  auto& fs = options.fs ? *options.fs : fs::posix_fs();
  std::unique_ptr<log_manager> m(new log_manager(fs, options.clock, node_id, options.max_open_files));
  // First pass: read existing meta.properties to learn or check the cluster id.
  std::vector<std::optional<meta_properties>> metas;
  for (const auto& dir : dirs) {
    if (auto r = fs.create_dirs(dir); !r) return fail(r.error());
    auto meta_path = dir / std::string(meta_properties_file);
    if (!fs.exists(meta_path)) {
      metas.emplace_back();
      continue;
    }
    auto text = fs::read_whole_file(fs, meta_path);
    if (!text) return fail(text.error());
    auto meta = parse_meta_properties(*text);
    if (!meta) return fail(meta_path.string() + ": " + meta.error());
    if (meta->node_id != node_id) {
      return fail(meta_path.string() + ": node.id " + std::to_string(meta->node_id) + " does not match " +
                  std::to_string(node_id));
    }
    if (!meta->cluster_id.empty()) {
      if (!cluster_id) cluster_id = meta->cluster_id;
      if (*cluster_id != meta->cluster_id) {
        return fail(meta_path.string() + ": cluster.id " + meta->cluster_id + " does not match " + *cluster_id);
      }
    }
    metas.push_back(std::move(*meta));
  }
  m->cluster_id_ = cluster_id ? *cluster_id : uuid::random().to_base64();
  for (size_t i = 0; i < dirs.size(); ++i) {
    dir_state d{dirs[i]};
    auto meta_path = dirs[i] / std::string(meta_properties_file);
    if (!metas[i] || metas[i]->version != 1 || !metas[i]->directory_id || metas[i]->cluster_id.empty()) {
      meta_properties meta{1, node_id, m->cluster_id_,
                           metas[i] && metas[i]->directory_id ? metas[i]->directory_id : uuid::random().to_base64()};
      if (auto r = fs::write_file_atomically(fs, meta_path, format_meta_properties(meta)); !r) return fail(r.error());
      metas[i] = meta;
    }
    d.directory_id = *metas[i]->directory_id;
    d.had_clean_shutdown = fs.exists(dirs[i] / std::string(clean_shutdown_file));
    m->dirs_.push_back(std::move(d));
  }
  return m;
}

std::vector<fs::path> log_manager::log_dirs() const {
  std::vector<fs::path> out;
  for (const auto& d : dirs_) out.push_back(d.path);
  return out;
}

result<std::vector<loaded_partition>> log_manager::load_all(std::function<log_config(const std::string&)> config_for) {
  if (!config_for) config_for = [](const std::string&) { return log_config{}; };
  std::vector<loaded_partition> out;
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (auto r = load_dir(i, config_for, out); !r) return fail(r.error());
  }
  // The marker is removed only once everything loaded; the next crash then forces recovery.
  for (auto& d : dirs_) {
    if (d.had_clean_shutdown) {
      if (auto r = fs_.remove(d.path / std::string(clean_shutdown_file)); !r) return fail(r.error());
      if (auto r = fs_.sync_dir(d.path); !r) return fail(r.error());
      d.had_clean_shutdown = false;
    }
  }
  if (auto r = checkpoint_all(); !r) return fail(r.error());
  return out;
}

result<void> log_manager::load_dir(size_t dir_index, const std::function<log_config(const std::string&)>& config_for,
                                   std::vector<loaded_partition>& out) {
  const auto& dir = dirs_[dir_index];
  auto recovery = read_offset_checkpoint(fs_, dir.path / std::string(recovery_point_checkpoint_file));
  if (!recovery) return fail(recovery.error());
  auto starts = read_offset_checkpoint(fs_, dir.path / std::string(log_start_offset_checkpoint_file));
  if (!starts) return fail(starts.error());
  auto cleaner = read_offset_checkpoint(fs_, dir.path / std::string(cleaner_offset_checkpoint_file));
  if (!cleaner) return fail(cleaner.error());
  auto recovery_points = to_map(*recovery);
  auto start_offsets = to_map(*starts);
  auto cleaner_offsets = to_map(*cleaner);

  auto names = fs_.list_dir(dir.path);
  if (!names) return fail(names.error());
  std::sort(names->begin(), names->end());
  for (const auto& name : *names) {
    fs::path p = dir.path / name;
    if (!fs_.is_directory(p)) continue;
    if (name.ends_with(delete_dir_suffix)) {  // a deletion interrupted by a restart: finish it
      if (auto r = fs_.remove_all(p); !r) return r;
      continue;
    }
    auto tp = parse_partition_dir_name(name);
    if (!tp) continue;
    key k{tp->topic, tp->partition};
    uuid topic_id;
    auto meta_path = p / std::string(partition_metadata_file);
    if (fs_.exists(meta_path)) {
      auto text = fs::read_whole_file(fs_, meta_path);
      if (!text) return fail(text.error());
      auto id = parse_partition_metadata(*text);
      if (!id) return fail(meta_path.string() + ": " + id.error());
      topic_id = *id;
    }
    log_open_options o;
    o.fs = &fs_;
    o.files = files_;
    o.dir = p;
    o.topic = tp->topic;
    o.partition = tp->partition;
    o.config = config_for(tp->topic);
    o.recovery_point = recovery_points.contains(k) ? recovery_points[k] : 0;
    o.log_start_offset = start_offsets.contains(k) ? start_offsets[k] : 0;
    o.cleaner_offset = cleaner_offsets.contains(k) ? cleaner_offsets[k] : -1;
    o.clean_shutdown = dir.had_clean_shutdown;
    o.clock = clock_;
    auto l = log::open(std::move(o));
    if (!l) return fail(l.error());
    std::lock_guard lock(mu_);
    if (logs_.contains(k)) return fail("partition " + name + " found in more than one log dir");
    logs_[k] = entry{*l, dir_index, topic_id};
    out.push_back({tp->topic, tp->partition, topic_id, *l});
  }
  return {};
}

result<std::shared_ptr<log>> log_manager::create_log(const std::string& topic, int32_t partition,
                                                     const uuid& topic_id, const log_config& config) {
  std::lock_guard lock(mu_);
  if (auto it = logs_.find({topic, partition}); it != logs_.end()) {
    if (!topic_id.is_zero() && !it->second.topic_id.is_zero() && it->second.topic_id != topic_id) {
      return fail("partition " + partition_dir_name(topic, partition) + " exists with another topic id");
    }
    return it->second.partition_log;
  }
  std::vector<size_t> counts(dirs_.size(), 0);
  for (const auto& [k, e] : logs_) ++counts[e.dir_index];
  size_t dir_index = static_cast<size_t>(std::min_element(counts.begin(), counts.end()) - counts.begin());
  fs::path p = dirs_[dir_index].path / partition_dir_name(topic, partition);
  if (auto r = fs_.create_dirs(p); !r) return fail(r.error());
  if (auto r = fs::write_file_atomically(fs_, p / std::string(partition_metadata_file),
                                         format_partition_metadata(topic_id));
      !r) {
    return fail(r.error());
  }
  if (auto r = fs_.sync_dir(dirs_[dir_index].path); !r) return fail(r.error());
  log_open_options o;
  o.fs = &fs_;
  o.files = files_;
  o.dir = p;
  o.topic = topic;
  o.partition = partition;
  o.config = config;
  o.clock = clock_;
  auto l = log::open(std::move(o));
  if (!l) return fail(l.error());
  logs_[{topic, partition}] = entry{*l, dir_index, topic_id};
  return *l;
}

std::shared_ptr<log> log_manager::get_log(const std::string& topic, int32_t partition) const {
  std::lock_guard lock(mu_);
  auto it = logs_.find({topic, partition});
  return it == logs_.end() ? nullptr : it->second.partition_log;
}

std::optional<uuid> log_manager::topic_id_of(const std::string& topic, int32_t partition) const {
  std::lock_guard lock(mu_);
  auto it = logs_.find({topic, partition});
  if (it == logs_.end()) return std::nullopt;
  return it->second.topic_id;
}

std::vector<std::shared_ptr<log>> log_manager::all_logs() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<log>> out;
  for (const auto& [k, e] : logs_) out.push_back(e.partition_log);
  return out;
}

std::optional<fs::path> log_manager::log_dir_of(const std::string& topic, int32_t partition) const {
  std::lock_guard lock(mu_);
  auto it = logs_.find({topic, partition});
  if (it == logs_.end()) return std::nullopt;
  return dirs_[it->second.dir_index].path;
}

result<void> log_manager::delete_log(const std::string& topic, int32_t partition) {
  entry e;
  {
    std::lock_guard lock(mu_);
    auto it = logs_.find({topic, partition});
    if (it == logs_.end()) return fail("no such partition " + partition_dir_name(topic, partition));
    e = it->second;
    logs_.erase(it);
  }
  (void)e.partition_log->close();  // stop appends; in-flight readers keep their open files
  const fs::path& parent = dirs_[e.dir_index].path;
  fs::path doomed = parent / deleted_partition_dir_name(topic, partition, uuid::random());
  if (auto r = fs_.rename(e.partition_log->dir(), doomed); !r) return r;
  if (auto r = fs_.sync_dir(parent); !r) return r;
  if (auto r = fs_.remove_all(doomed); !r) return r;
  return checkpoint_all();
}

result<void> log_manager::checkpoint_all() {
  std::lock_guard checkpoint_lock(checkpoint_mu_);
  std::vector<std::vector<partition_offset>> recovery(dirs_.size()), starts(dirs_.size());
  {
    std::lock_guard lock(mu_);
    for (const auto& [k, e] : logs_) {
      recovery[e.dir_index].push_back({k.first, k.second, e.partition_log->flushed_offset()});
      starts[e.dir_index].push_back({k.first, k.second, e.partition_log->log_start_offset()});
    }
  }
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (auto r = write_offset_checkpoint(fs_, dirs_[i].path / std::string(recovery_point_checkpoint_file), recovery[i]);
        !r) {
      return r;
    }
    if (auto r = write_offset_checkpoint(fs_, dirs_[i].path / std::string(log_start_offset_checkpoint_file), starts[i]);
        !r) {
      return r;
    }
  }
  return write_cleaner_checkpoints();
}

result<void> log_manager::checkpoint_cleaner_offsets() {
  std::lock_guard checkpoint_lock(checkpoint_mu_);
  return write_cleaner_checkpoints();
}

result<void> log_manager::write_cleaner_checkpoints() {
  std::vector<std::vector<partition_offset>> cleaner(dirs_.size());
  {
    std::lock_guard lock(mu_);
    for (const auto& [k, e] : logs_) {
      if (e.partition_log->config().compact_enabled) {
        cleaner[e.dir_index].push_back({k.first, k.second, e.partition_log->cleaner_offset()});
      }
    }
  }
  for (size_t i = 0; i < dirs_.size(); ++i) {
    fs::path p = dirs_[i].path / std::string(cleaner_offset_checkpoint_file);
    if (cleaner[i].empty() && !fs_.exists(p)) continue;  // no compacted logs here: no file needed
    if (auto r = write_offset_checkpoint(fs_, p, cleaner[i]); !r) return r;
  }
  return {};
}

result<void> log_manager::shutdown() {
  std::vector<bool> dir_ok(dirs_.size(), true);
  {
    std::lock_guard lock(mu_);
    for (auto& [k, e] : logs_) {
      if (!e.partition_log->close()) dir_ok[e.dir_index] = false;
    }
  }
  if (auto r = checkpoint_all(); !r) return r;
  result<void> status;
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (!dir_ok[i]) {
      status = fail("log dir " + dirs_[i].path.string() + " did not shut down cleanly");
      continue;
    }
    auto marker = fs_.open(dirs_[i].path / std::string(clean_shutdown_file), fs::open_mode::create_truncate);
    if (!marker) return fail(marker.error());
    if (auto r = (*marker)->sync(); !r) return r;
    if (auto r = fs_.sync_dir(dirs_[i].path); !r) return r;
  }
  return status;
}

std::vector<log_dir_description> log_manager::describe_log_dirs() const {
  std::vector<log_dir_description> out;
  for (const auto& d : dirs_) out.push_back({d.path, d.directory_id, {}});
  std::lock_guard lock(mu_);
  for (const auto& [k, e] : logs_) out[e.dir_index].partitions.push_back({k.first, k.second, e.partition_log->size_bytes()});
  return out;
}

}  // namespace gregor::storage
