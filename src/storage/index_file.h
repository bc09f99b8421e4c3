// index_file: the shared mechanics of .index and .timeindex files — fixed-size big-endian entries,
// preallocated to max_index_bytes while the segment is active, trimmed to the used size on
// roll/close (docs/storage-format.md).
//
// Entries are mirrored in memory (a copy of the used bytes), loaded lazily on first use, so
// opening thousands of cold segments reads nothing. A file left preallocated by a crash holds a
// zero-filled tail; load() keeps only the valid (monotonic) prefix, decided by the subclass.
//
// Thread-safety: none; the owning log's mutex serialises all calls except sync().
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/result.h"
#include "storage/fs/file.h"

namespace gregor::storage {

class index_file {
 public:
  // Number of leading entries of `bytes` (count whole entries) that form a valid index.
  using prefix_validator = size_t (*)(std::span<const uint8_t> bytes, size_t entry_size);

  index_file(std::unique_ptr<fs::file> f, size_t entry_size, int32_t max_index_bytes,
             prefix_validator validator, bool loaded);
  virtual ~index_file() = default;

  size_t entries() { (void)ensure_loaded(); return count_; }
  size_t max_entries() const { return max_entries_; }
  bool full() { return entries() >= max_entries_; }
  uint64_t size_bytes() const { return count_ * entry_size_; }

  // Drops every entry (recovery rebuilds the index from the log) and preallocates.
  result<void> reset();
  // Sets the file length to max_index_bytes so appends never extend it (Kafka preallocation).
  result<void> preallocate();
  // Sets the file length to the used size (on roll/close).
  result<void> trim();
  result<void> sync() { return file_->sync(); }
  const fs::path& file_path() const { return file_->file_path(); }
  void set_max_index_bytes(int32_t bytes);

 protected:
  result<void> ensure_loaded();
  const uint8_t* entry(size_t i) const { return bytes_.data() + i * entry_size_; }
  result<void> append_entry(std::span<const uint8_t> entry);
  // Keeps the first n entries; zeroes the dropped ones on disk so a later load cannot see them.
  result<void> truncate_entries(size_t n);

 private:
  std::unique_ptr<fs::file> file_;
  size_t entry_size_;
  size_t max_entries_;
  prefix_validator validator_;
  bool loaded_;
  size_t count_ = 0;
  std::vector<uint8_t> bytes_;  // count_ * entry_size_ used bytes
};

}  // namespace gregor::storage
