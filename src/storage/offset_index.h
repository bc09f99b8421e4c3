// offset_index: the sparse `.index` file of a segment (docs/storage-format.md).
//
//   entry := relative_offset int32 BE | position int32 BE        (8 bytes)
//
// relative_offset is (offset - segment base offset) of the last offset of an appended chunk of
// batches, and position is the byte position of that chunk's first batch in the .log file. So
// the floor entry of any offset points at or before the batch containing it. Entries are strictly
// increasing in both fields; position 0 is never indexed (a scan from the start is cheap).
//
// Thread-safety: none; owned by a segment under its log's mutex.
#pragma once

#include "storage/index_file.h"

namespace gregor::storage {

struct offset_position {
  int64_t offset;     // absolute offset
  uint64_t position;  // byte position in the .log file
};

class offset_index final : public index_file {
 public:
  static constexpr size_t entry_size = 8;

  // Creates (or truncates) the file.
  static result<std::unique_ptr<offset_index>> create(fs::open_file_cache& files, const fs::path& p,
                                                      int64_t base_offset, int32_t max_index_bytes);
  // An existing file, neither opened nor read until used (entries load on first use).
  static result<std::unique_ptr<offset_index>> open(fs::open_file_cache& files, const fs::path& p,
                                                    int64_t base_offset, int32_t max_index_bytes);

  // The largest entry with offset <= target, or {base_offset, 0} when there is none.
  result<offset_position> lookup(int64_t target);
  // The last entry, or {base_offset, 0}.
  result<offset_position> last_entry();
  // Appends an entry; offset must be above the last entry's, position above its position.
  result<void> append(int64_t offset, uint64_t position);
  // Removes entries with offset >= target.
  result<void> truncate_to(int64_t target);
  int64_t base_offset() const { return base_offset_; }

 private:
  offset_index(std::unique_ptr<fs::cached_file> f, int64_t base, int32_t max_bytes, bool created);
  offset_position at(size_t i) const;

  int64_t base_offset_;
};

}  // namespace gregor::storage
