// log: one partition's replica on disk — an ordered list of segments plus its watermarks.
//
//   log_start_offset <= high_watermark <= log_end_offset;   flushed_offset <= log_end_offset
//
// Appends assign offsets from the log end offset by rewriting each batch's base_offset in place
// (outside the CRC) and write all batches with one pwrite; reads return whole batches from one
// pread. flush() fdatasyncs without holding the mutex so appends continue during the sync;
// flushed_offset() (== recovery point) only moves past data that is durable. The leader epoch
// cache lives in `leader-epoch-checkpoint` beside the segments. See docs/storage-format.md.
//
// Thread-safety: all public methods are thread-safe (one internal mutex). Appends come from
// network threads, reads from fetch handlers, flush() from a flusher thread.
// An fsync failure puts the log in a failed state: later appends/flushes fail (Kafka takes the
// log dir offline; data in the page cache can no longer be trusted to reach the disk).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/shared_bytes.h"
#include "storage/fs/file.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_config.h"
#include "storage/segment.h"
#include "storage/storage_error.h"

namespace gregor::storage {

struct append_result {
  int64_t base_offset;
  int64_t last_offset;
  int64_t log_append_time;  // -1: CreateTime (the broker rewrites LogAppendTime batches itself)
  int64_t log_start_offset;
};

struct read_result {
  shared_bytes data;  // whole batches only; empty when nothing is readable
  int64_t log_start_offset;
  int64_t log_end_offset;
  int64_t high_watermark;
};

struct log_open_options {
  fs::file_system* fs = nullptr;  // nullptr: posix_fs()
  fs::path dir;                   // <log dir>/<topic>-<partition>
  std::string topic;
  int32_t partition = 0;
  log_config config;
  int64_t recovery_point = 0;     // from recovery-point-offset-checkpoint
  int64_t log_start_offset = 0;   // from log-start-offset-checkpoint
  bool clean_shutdown = false;    // the log dir had a .kafka_cleanshutdown marker
  std::function<int64_t()> clock; // wall clock in ms; default: system clock
};

struct log_load_stats {
  size_t segments = 0;
  size_t recovered_segments = 0;   // re-validated batch by batch
  uint64_t truncated_bytes = 0;    // torn/corrupt bytes removed
  size_t deleted_segments = 0;     // segments after a corrupt one, dropped
};

class log {
 public:
  // Opens (or creates) the partition directory, loading segments and recovering if needed.
  static result<std::shared_ptr<log>> open(log_open_options options);
  ~log();
  log(const log&) = delete;
  log& operator=(const log&) = delete;

  const std::string& topic() const { return topic_; }
  int32_t partition() const { return partition_; }
  const fs::path& dir() const { return dir_; }
  const log_load_stats& load_stats() const { return load_stats_; }

  result<append_result> append(std::span<uint8_t> batches, int32_t leader_epoch);
  result<read_result, storage_error> read(int64_t fetch_offset, size_t max_bytes, bool min_one_batch,
                                          int64_t max_offset);

  int64_t log_start_offset() const;
  int64_t log_end_offset() const;
  int64_t high_watermark() const;
  // After the first call the high watermark no longer follows the log end offset automatically.
  void set_high_watermark(int64_t offset);
  int64_t flushed_offset() const;
  int64_t recovery_point() const { return flushed_offset(); }

  result<void> flush();
  bool needs_flush(int64_t now_ms) const;

  std::optional<std::pair<int64_t, int64_t>> offset_for_timestamp(int64_t timestamp);
  // (max timestamp, offset where it was reached), or (-1, -1) for an empty log.
  std::pair<int64_t, int64_t> max_timestamp_and_offset();

  result<void> delete_records_before(int64_t offset);
  size_t apply_retention(int64_t now_ms);
  uint64_t size_bytes() const;
  size_t segment_count() const;
  void update_config(const log_config& config);
  log_config config() const;

  void assign_epoch(int32_t epoch, int64_t start_offset);
  std::pair<int32_t, int64_t> end_offset_for_epoch(int32_t epoch) const;
  std::vector<epoch_entry> epoch_entries() const;

  // Removes every batch at or after the one containing offset (follower truncation).
  void truncate_to(int64_t offset);

  // Clean close: seals the active segment (final time-index entry, indexes trimmed) and flushes.
  result<void> close();

 private:
  log(log_open_options& options);
  result<void> load(const log_open_options& options);
  result<void> roll(int64_t base_offset);  // mu_ held
  result<void> delete_oldest(size_t count);  // mu_ held
  int64_t now_ms() const { return clock_(); }
  uint64_t size_bytes_locked() const;

  fs::file_system& fs_;
  const fs::path dir_;
  const std::string topic_;
  const int32_t partition_;
  std::function<int64_t()> clock_;
  log_load_stats load_stats_;

  mutable std::mutex mu_;
  log_config config_;
  std::vector<std::shared_ptr<segment>> segments_;  // by base offset; back() is active
  leader_epoch_cache epochs_;
  int64_t log_start_offset_ = 0;
  int64_t log_end_offset_ = 0;
  int64_t high_watermark_ = 0;
  bool high_watermark_follows_leo_ = true;
  int64_t flushed_offset_ = 0;
  int64_t last_flush_ms_ = 0;
  bool dir_needs_sync_ = false;
  bool failed_ = false;
  bool closed_ = false;
};

}  // namespace gregor::storage
