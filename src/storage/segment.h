// segment: one slice of a partition's log — `<base>.log` plus its `.index` and `.timeindex`.
//
// The .log file holds v2 record batches exactly as on the wire (base offsets assigned); see
// docs/storage-format.md. Appends are one pwrite of already-contiguous batches at the end of
// the file, followed by at most one offset-index and one time-index entry (every
// index_interval_bytes). Locating an offset = floor lookup in the offset index + a forward scan
// of batch headers.
//
// The three files are fs::cached_files of the broker's open_file_cache: a segment holds no
// descriptor while idle, and opening one (at startup, say) reads and opens nothing.
//
// Thread-safety: methods marked [any thread] only read through the file handles and may run
// without the log's mutex (the caller keeps the segment alive with a shared_ptr and bounds reads
// by a size it read under the mutex). Everything else requires the owning log's mutex.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_region.h"
#include "base/result.h"
#include "storage/batch_scanner.h"
#include "storage/fs/open_file_cache.h"
#include "storage/log_config.h"
#include "storage/offset_index.h"
#include "storage/time_index.h"

namespace gregor::storage {

struct recovery_stats {
  uint64_t valid_bytes = 0;
  uint64_t truncated_bytes = 0;  // torn or corrupt tail removed
  int64_t batches = 0;
};

class segment {
 public:
  // New empty segment: creates the three files, empty. The cleaner passes file_suffix ".cleaned"
  // to write "<base>.log.cleaned" etc. (docs/storage-format.md).
  static result<std::shared_ptr<segment>> create(fs::open_file_cache& files, const fs::path& dir, int64_t base_offset,
                                                 const log_config& config, int64_t now_ms,
                                                 std::string_view file_suffix = {});
  // Existing segment: learns the .log size by stat, without opening or reading any file. Missing
  // index files are created empty and needs_rebuild() is set; the caller must then recover().
  // has_indexes: whether both index files exist, if the caller knows from a listing of dir.
  static result<std::shared_ptr<segment>> open(fs::open_file_cache& files, const fs::path& dir, int64_t base_offset,
                                               const log_config& config, int64_t now_ms,
                                               std::optional<bool> has_indexes = std::nullopt);
  ~segment();

  int64_t base_offset() const { return base_offset_; }
  uint64_t size() const { return size_; }
  // Offset after the last batch; known after create/recover/load_tail/append.
  int64_t next_offset() const { return next_offset_; }
  bool needs_rebuild() const { return needs_rebuild_; }

  // Would appending these batches require a new segment first? (Kafka's roll conditions.)
  result<bool> should_roll(uint64_t bytes, int64_t max_timestamp, int64_t last_offset, int64_t now_ms);
  // Appends batches (offsets already assigned) with one write, then updates the indexes.
  // On failure the file is cut back to its previous size.
  result<void> append(byte_span batches, int64_t last_offset, int64_t max_timestamp, int64_t offset_of_max_timestamp);

  // The floor position from the offset index for offset (requires the mutex).
  result<uint64_t> index_position(int64_t offset);
  // [any thread] The first batch at/after `from` whose last offset is >= offset, within [from, limit).
  result<std::optional<scanned_batch>> find_batch(uint64_t from, int64_t offset, uint64_t limit) const;
  // [any thread] The first batch at/after `from` whose max timestamp is >= timestamp.
  result<std::optional<scanned_batch>> find_batch_by_time(uint64_t from, int64_t timestamp, uint64_t limit) const;
  // [any thread] pread of [position, position + length) into one buffer (shorter at end of file).
  result<std::vector<uint8_t>> read(uint64_t position, size_t length) const;
  // [any thread] [position, position + length) as a region of the .log file with a descriptor of
  // its own, for sendfile; an empty region when no descriptor can be had (then read()).
  file_region region(uint64_t position, size_t length) const;
  // [any thread] A scanner over the batches in [from, limit) of the .log file.
  batch_scanner scan(uint64_t from, uint64_t limit, bool validate, size_t chunk_bytes) const {
    return batch_scanner(*log_, from, limit, validate, chunk_bytes);
  }
  // The position to start a timestamp search from (time index + offset index lookups).
  result<uint64_t> time_search_position(int64_t timestamp);

  // Largest batch max timestamp and the offset where it was reached; {-1, base} if none.
  result<timestamp_offset> max_timestamp();
  // Timestamp used by retention.ms: the max timestamp, or the file's mtime if no batch has one.
  result<int64_t> largest_timestamp_for_retention();
  // Max timestamp of the first batch (-1: none or empty); used by segment.ms and max.compaction.lag.ms.
  result<int64_t> first_batch_timestamp();
  // True when either index holds more than max_index_bytes of entries (cleaner output bound).
  bool indexes_exceed(int32_t max_index_bytes);

  // Re-validates every batch (CRC included), truncates a torn/corrupt tail, rebuilds both indexes.
  result<recovery_stats> recover();
  // Cheap load for a trusted segment: next offset and max timestamp from the last index entries
  // plus a header scan of the tail after the last offset-index entry.
  result<void> load_tail();
  // Drops every batch at/after the one containing offset; returns the new next offset.
  result<int64_t> truncate_to(int64_t offset);

  // The segment stops being active: the final time-index entry.
  result<void> seal();
  // [any thread] fdatasync of whichever of the three files were changed since their last sync.
  result<void> flush() const;
  // Deletes the three files. Reads keep working while the cache keeps a descriptor open; after
  // that they fail (the segment is gone from the log by then).
  result<void> remove_files();
  // Renames the three files by replacing the current file suffix ("" for a live segment) with
  // `suffix` (e.g. ".deleted"); appends the new paths to `renamed`. The handles follow.
  result<void> rename_files(std::string_view suffix, std::vector<fs::path>& renamed);
  // "<dir>/<base><kind><file suffix>", kind = .log, .index or .timeindex.
  fs::path file_path(std::string_view kind) const;
  void update_config(const log_config& config);

 private:
  segment(fs::open_file_cache& files, fs::path dir, int64_t base, const log_config& config, int64_t now_ms);
  result<void> index_batch(uint64_t position, uint64_t bytes, int64_t last_offset);

  fs::open_file_cache& files_;
  fs::path dir_;
  int64_t base_offset_;
  std::string file_suffix_;  // "" for a live segment; ".cleaned" while the cleaner writes it
  int32_t index_interval_bytes_;
  int64_t created_ms_;
  std::unique_ptr<fs::cached_file> log_;
  std::unique_ptr<offset_index> offset_index_;
  std::unique_ptr<time_index> time_index_;
  uint64_t size_ = 0;
  int64_t next_offset_;
  uint64_t bytes_since_index_entry_ = 0;
  bool needs_rebuild_ = false;
  std::optional<timestamp_offset> max_timestamp_;   // lazily loaded for cold segments
  std::optional<int64_t> first_batch_timestamp_;    // for segment.ms; lazily read
  log_config config_;
};

}  // namespace gregor::storage
