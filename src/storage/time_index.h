// time_index: the sparse `.timeindex` file of a segment (docs/storage-format.md).
//
//   entry := timestamp int64 BE | relative_offset int32 BE       (12 bytes)
//
// An entry (T, o) says: the largest timestamp of any batch up to offset o is T, and o is the
// offset at which that maximum was first reached. Timestamps strictly increase; offsets do not
// decrease. Entries are added alongside offset-index entries when the max timestamp grew, and
// once more when the segment becomes inactive, so the last entry carries the segment's maximum.
//
// Thread-safety: none; owned by a segment under its log's mutex.
#pragma once

#include "storage/index_file.h"

namespace gregor::storage {

struct timestamp_offset {
  int64_t timestamp;  // -1 when none
  int64_t offset;     // absolute offset
};

class time_index final : public index_file {
 public:
  static constexpr size_t entry_size = 12;

  static result<std::unique_ptr<time_index>> create(fs::open_file_cache& files, const fs::path& p,
                                                    int64_t base_offset, int32_t max_index_bytes);
  static result<std::unique_ptr<time_index>> open(fs::open_file_cache& files, const fs::path& p,
                                                  int64_t base_offset, int32_t max_index_bytes);

  // The last entry with timestamp < target, or {-1, base_offset} when there is none.
  result<timestamp_offset> lookup_before(int64_t target);
  // The last entry with timestamp <= target, or {-1, base_offset}.
  result<timestamp_offset> lookup_floor(int64_t target);
  result<timestamp_offset> last_entry();
  // Appends (timestamp, offset) if timestamp is above the last entry's; no-op otherwise.
  // skip_full_check allows the final entry on roll/close even when the index is full.
  result<void> maybe_append(int64_t timestamp, int64_t offset, bool skip_full_check = false);
  // Removes entries with offset >= target.
  result<void> truncate_to(int64_t target);

 private:
  time_index(std::unique_ptr<fs::cached_file> f, int64_t base, int32_t max_bytes, bool created);
  timestamp_offset at(size_t i) const;
  // Index of the first entry with timestamp > target (or >= when strict).
  size_t upper(int64_t target, bool strict);

  int64_t base_offset_;
};

}  // namespace gregor::storage
