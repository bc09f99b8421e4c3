// index_file: the shared mechanics of .index and .timeindex files — fixed-size big-endian entries
// and nothing else: the file is exactly as long as its entries (docs/storage-format.md).
//
// Entries are mirrored in memory (a copy of the used bytes), loaded lazily on first use, so
// opening thousands of cold segments reads nothing, and lookups never touch the file. The file
// is an fs::cached_file: its descriptor is opened on first use and may be closed again by the
// open_file_cache. Files are not preallocated (Kafka preallocates for mmap; Gregor appends with
// pwrite), so a new index is an empty, clean file. A file written by a crash or by an older
// Gregor may hold a zero-filled or torn tail: load() keeps only the valid (monotonic) prefix,
// decided by the subclass, and the first change after the load cuts the tail off.
//
// Thread-safety: none; the owning log's mutex serialises all calls except sync().
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/result.h"
#include "storage/fs/open_file_cache.h"

namespace gregor::storage {

class index_file {
 public:
  // Number of leading entries of `bytes` (count whole entries) that form a valid index.
  using prefix_validator = size_t (*)(std::span<const uint8_t> bytes, size_t entry_size);

  // `created`: the file is new and empty (nothing to load).
  index_file(std::unique_ptr<fs::cached_file> f, size_t entry_size, int32_t max_index_bytes,
             prefix_validator validator, bool created);
  virtual ~index_file() = default;

  size_t entries() { (void)ensure_loaded(); return count_; }
  size_t max_entries() const { return max_entries_; }
  bool full() { return entries() >= max_entries_; }
  uint64_t size_bytes() const { return count_ * entry_size_; }

  // Drops every entry (recovery rebuilds the index from the log).
  result<void> reset();
  result<void> sync() { return file_->sync(); }
  const fs::path& file_path() const { return file_->file_path(); }
  result<void> rename(const fs::path& to) { return file_->rename(to); }
  result<void> remove() { return file_->remove(); }
  void set_max_index_bytes(int32_t bytes);

 protected:
  result<void> ensure_loaded();
  const uint8_t* entry(size_t i) const { return bytes_.data() + i * entry_size_; }
  result<void> append_entry(std::span<const uint8_t> entry);
  // Keeps the first n entries (the file is cut to their size).
  result<void> truncate_entries(size_t n);

 private:
  std::unique_ptr<fs::cached_file> file_;
  size_t entry_size_;
  size_t max_entries_;
  prefix_validator validator_;
  bool loaded_;
  size_t count_ = 0;
  uint64_t file_bytes_ = 0;     // the file's length once loaded; more than the entries: a tail to cut
  std::vector<uint8_t> bytes_;  // count_ * entry_size_ used bytes
};

}  // namespace gregor::storage
