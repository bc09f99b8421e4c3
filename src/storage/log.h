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
// network threads, reads from fetch handlers, flush() from a flusher thread, compaction and
// delayed file deletion from the log_cleaner thread (which holds the mutex only to snapshot the
// segment list and to swap cleaned segments in).
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
#include "base/file_region.h"
#include "base/shared_bytes.h"
#include "storage/cleanable_range.h"
#include "storage/fs/file.h"
#include "storage/fs/open_file_cache.h"
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
  file_region region;  // instead of data, when read as a file region (see log::read)
  int64_t log_start_offset;
  int64_t log_end_offset;
  int64_t high_watermark;
};

struct log_open_options {
  fs::file_system* fs = nullptr;  // nullptr: posix_fs()
  // Where the segment files' descriptors come from; the log_manager shares one among all its
  // logs. nullptr: a cache of this log's own over fs, capped at open_file_cache::default_max_open().
  std::shared_ptr<fs::open_file_cache> files;
  fs::path dir;                   // <log dir>/<topic>-<partition>
  std::string topic;
  int32_t partition = 0;
  log_config config;
  int64_t recovery_point = 0;     // from recovery-point-offset-checkpoint
  int64_t log_start_offset = 0;   // from log-start-offset-checkpoint
  bool clean_shutdown = false;    // the log dir had a .kafka_cleanshutdown marker
  int64_t cleaner_offset = -1;    // from cleaner-offset-checkpoint; -1: none (the log start offset)
  std::function<int64_t()> clock; // wall clock in ms; default: system clock
};

struct log_load_stats {
  size_t segments = 0;
  size_t recovered_segments = 0;   // re-validated batch by batch
  uint64_t truncated_bytes = 0;    // torn/corrupt bytes removed
  size_t deleted_segments = 0;     // segments after a corrupt one, dropped
  size_t completed_swaps = 0;      // cleaner replacements interrupted by a crash, finished on load
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
  // Whole batches from the one holding fetch_offset, up to max_bytes (but at least that first
  // batch when min_one_batch, KIP-74), all below max_offset. With as_file_region, a read of at
  // least min_file_region_bytes comes back as `region`, a range of the segment file found from
  // the batch headers alone, for the network layer to sendfile without copying; smaller reads,
  // and file systems without descriptors, come back as `data`.
  static constexpr size_t min_file_region_bytes = 64 * 1024;
  result<read_result, storage_error> read(int64_t fetch_offset, size_t max_bytes, bool min_one_batch,
                                          int64_t max_offset, bool as_file_region = false);

  int64_t log_start_offset() const;
  int64_t log_end_offset() const;
  int64_t high_watermark() const;
  // After the first call the high watermark no longer follows the log end offset automatically.
  void set_high_watermark(int64_t offset);
  int64_t flushed_offset() const;
  int64_t recovery_point() const { return flushed_offset(); }

  // fdatasyncs what is not yet durable, up to the log end (flush()) or up to `offset` (exclusive:
  // the segments holding offsets below it), then moves flushed_offset() there.
  result<void> flush() { return flush_up_to(INT64_MAX); }
  result<void> flush_up_to(int64_t offset);
  bool needs_flush(int64_t now_ms) const;
  // The base offset of the active segment when segments before it were rolled but not flushed
  // yet. Kafka flushes a segment once it rolls, so recovery after a crash never has to re-read
  // more than the active segment (plus what arrived since the last recovery-point checkpoint).
  std::optional<int64_t> unflushed_roll() const;

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

  // Clean close: seals the active segment (its final time-index entry) and flushes.
  result<void> close();

  // --- Compaction support (log_cleaning.cc; used by log_compactor) ---
  // The segments below the active one, watermarks and cleaner state. Segments below the active
  // one are immutable, so the cleaner reads them without the mutex through the shared_ptrs.
  log_snapshot snapshot_for_cleaning();
  // Replaces `replaced` (contiguous live segments, oldest first) by the cleaned segment whose files
  // "<new_base>.log.cleaned" etc. are complete and synced (steps in segment_swap.h). Returns false,
  // after removing the .cleaned files, when the log changed since the snapshot of `generation`
  // (segments deleted, truncation, close). Readers holding replaced segments keep working.
  result<bool> replace_segments(std::span<const std::shared_ptr<segment>> replaced, int64_t new_base,
                                uint64_t generation);
  // Ends a round: the next first dirty offset and the earliest pending tombstone delete horizon.
  // Ignored if the log was truncated since the snapshot of `generation`.
  void finish_cleaning(int64_t cleaner_offset, int64_t delete_horizon_ms, uint64_t generation);
  // The first dirty offset (cleaner-offset-checkpoint), clamped into [log start, log end].
  int64_t cleaner_offset() const;
  fs::file_system& file_system() const { return fs_; }
  fs::open_file_cache& open_files() const { return *files_; }

  // --- Delayed file deletion (file.delete.delay.ms; serviced by log_cleaner) ---
  // Unlinks the ".deleted" files whose delay has passed; returns how many were unlinked.
  size_t delete_expired_files(int64_t now_ms);
  // When the next pending ".deleted" file is due; nullopt if none.
  std::optional<int64_t> next_file_deletion_ms() const;

 private:
  log(log_open_options& options);
  result<void> load(const log_open_options& options);
  result<void> roll(int64_t base_offset);  // mu_ held
  result<void> delete_oldest(size_t count);  // mu_ held
  // Takes a segment out of service: renames its files "<name>.deleted" and schedules the unlink
  // after file.delete.delay.ms, or unlinks at once when the delay is <= 0 (mu_ held).
  result<void> retire(segment& seg);
  // The commit, retire and install steps of segment_swap.h (mu_ held).
  result<bool> swap_in_locked(std::span<const std::shared_ptr<segment>> replaced, int64_t new_base);
  int64_t now_ms() const { return clock_(); }
  uint64_t size_bytes_locked() const;

  fs::file_system& fs_;
  const std::shared_ptr<fs::open_file_cache> files_;
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

  // Compaction state (log_cleaning.cc).
  int64_t cleaner_offset_ = 0;
  int64_t delete_horizon_ms_ = -1;
  uint64_t generation_ = 0;  // bumped by truncate_to: a cleaning round started before is void
  struct pending_file {
    fs::path path;
    int64_t due_ms;
  };
  std::vector<pending_file> pending_deletes_;
};

}  // namespace gregor::storage
