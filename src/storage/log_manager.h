// log_manager: owns the broker's log dirs and every partition log in them.
//
//   <log dir>/meta.properties                    node.id, cluster.id, directory.id
//   <log dir>/recovery-point-offset-checkpoint   flushed offset per partition
//   <log dir>/log-start-offset-checkpoint        log start offset per partition
//   <log dir>/cleaner-offset-checkpoint          first dirty offset per compacted partition
//   <log dir>/.kafka_cleanshutdown               present only between a clean shutdown and the next start
//   <log dir>/<topic>-<partition>/               one log (see log.h)
//
// Startup: open() validates/creates meta.properties; load_all() opens every partition dir,
// recovering only segments past each recovery point when the clean-shutdown marker is missing,
// then removes the marker. shutdown() closes every log (flush, trimmed indexes), writes the
// checkpoints and the marker. New logs go to the dir holding the fewest partitions.
//
// All logs share one open_file_cache, so the segment files of every partition together keep at
// most max_open_files descriptors open (however many partitions there are).
//
// Thread-safety: all methods are thread-safe. Logs are shared_ptrs: a deleted log stays valid
// for holders of the pointer (its files are gone; it is closed).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/uuid.h"
#include "storage/fs/file.h"
#include "storage/log.h"
#include "storage/log_config.h"

namespace gregor::storage {

struct loaded_partition {
  std::string topic;
  int32_t partition;
  uuid topic_id;  // from partition.metadata; zero if the file is missing
  std::shared_ptr<storage::log> partition_log;
};

struct log_dir_partition {
  std::string topic;
  int32_t partition;
  uint64_t size_bytes;
};

struct log_dir_description {
  fs::path dir;
  std::string directory_id;
  std::vector<log_dir_partition> partitions;
};

struct log_manager_options {
  fs::file_system* fs = nullptr;   // nullptr: posix_fs()
  std::function<int64_t()> clock;  // default: system clock
  // Segment file descriptors kept open; 0 or more than open_file_cache::default_max_open(): that.
  size_t max_open_files = 0;
};

class log_manager {
 public:
  // Creates missing dirs and meta.properties (version=1); checks node.id/cluster.id of existing ones.
  // Without a cluster_id, the one in meta.properties is used, or a new random one.
  static result<std::unique_ptr<log_manager>> open(std::vector<fs::path> dirs, int32_t node_id,
                                                   std::optional<std::string> cluster_id,
                                                   log_manager_options options = {});
  ~log_manager();

  const std::string& cluster_id() const { return cluster_id_; }
  int32_t node_id() const { return node_id_; }
  std::vector<fs::path> log_dirs() const;
  const fs::open_file_cache& open_files() const { return *files_; }

  // Loads every partition of every dir. config_for(topic) supplies topic configs (default: log_config{}).
  result<std::vector<loaded_partition>> load_all(std::function<log_config(const std::string&)> config_for = {});

  // Creates the partition dir and partition.metadata; returns the existing log if already present
  // with the same (or a zero) topic id.
  result<std::shared_ptr<log>> create_log(const std::string& topic, int32_t partition, const uuid& topic_id,
                                          const log_config& config);
  std::shared_ptr<log> get_log(const std::string& topic, int32_t partition) const;
  std::optional<uuid> topic_id_of(const std::string& topic, int32_t partition) const;
  std::vector<std::shared_ptr<log>> all_logs() const;
  // Renames the dir to "<topic>-<partition>.<uuid hex>-delete", then deletes it.
  result<void> delete_log(const std::string& topic, int32_t partition);

  // Writes recovery-point-offset-checkpoint, log-start-offset-checkpoint and
  // cleaner-offset-checkpoint in every dir.
  result<void> checkpoint_all();
  // Writes only cleaner-offset-checkpoint (after a cleaning round). Entries: the logs whose
  // config has compaction on; a deleted partition's entry disappears with the next write.
  result<void> checkpoint_cleaner_offsets();
  // Closes all logs, writes checkpoints and the clean-shutdown marker.
  result<void> shutdown();

  std::optional<fs::path> log_dir_of(const std::string& topic, int32_t partition) const;
  std::vector<log_dir_description> describe_log_dirs() const;

 private:
  struct dir_state {
    fs::path path;
    std::string directory_id;
    bool had_clean_shutdown = false;
  };
  struct entry {
    std::shared_ptr<storage::log> partition_log;
    size_t dir_index;
    uuid topic_id;
  };
  using key = std::pair<std::string, int32_t>;

  log_manager(fs::file_system& fs, std::function<int64_t()> clock, int32_t node_id, size_t max_open_files);
  result<void> write_cleaner_checkpoints();  // checkpoint_mu_ held
  result<void> load_dir(size_t dir_index, const std::function<log_config(const std::string&)>& config_for,
                        std::vector<loaded_partition>& out);

  fs::file_system& fs_;
  std::shared_ptr<fs::open_file_cache> files_;
  std::function<int64_t()> clock_;
  int32_t node_id_;
  std::string cluster_id_;
  std::vector<dir_state> dirs_;
  mutable std::mutex mu_;
  std::mutex checkpoint_mu_;  // serialises checkpoint file writers
  std::map<key, entry> logs_;
};

}  // namespace gregor::storage
