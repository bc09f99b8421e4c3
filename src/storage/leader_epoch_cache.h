// leader_epoch_cache: the (epoch, start offset) history of a partition, persisted in its
// `leader-epoch-checkpoint` file ("0\nN\n" then "<epoch> <start offset>" lines).
//
// Answers OffsetForLeaderEpoch: the end offset of an epoch is the start offset of the next
// higher epoch (or the log end offset for the latest one). Each change rewrites the file
// atomically (tmp + fsync + rename + dir fsync); changes are rare (leader elections, truncation).
//
// Thread-safety: none; guarded by the owning log's mutex.
#pragma once

#include <utility>
#include <vector>

#include "base/result.h"
#include "storage/checkpoint_file.h"
#include "storage/fs/file.h"

namespace gregor::storage {

class leader_epoch_cache {
 public:
  static constexpr int32_t undefined_epoch = -1;
  static constexpr int64_t undefined_offset = -1;

  leader_epoch_cache(fs::file_system& fs, fs::path file) : fs_(fs), file_(std::move(file)) {}

  // Reads the checkpoint file (missing = empty history).
  result<void> load();
  // Records that `epoch` starts at start_offset. Ignored unless epoch is newer than the latest
  // one; entries for older epochs starting at/after start_offset are dropped first.
  result<void> assign(int32_t epoch, int64_t start_offset);
  // (epoch, end offset) for OffsetForLeaderEpoch, Kafka semantics; log_end_offset closes the latest epoch.
  std::pair<int32_t, int64_t> end_offset_for(int32_t epoch, int64_t log_end_offset) const;
  // Removes entries starting at/after offset (log truncation).
  result<void> truncate_from_end(int64_t offset);
  // Log start moved to offset: drops entries wholly below it; the one spanning it now starts there.
  result<void> truncate_from_start(int64_t offset);

  int32_t latest_epoch() const { return entries_.empty() ? undefined_epoch : entries_.back().epoch; }
  const std::vector<epoch_entry>& entries() const { return entries_; }

 private:
  result<void> persist();

  fs::file_system& fs_;
  fs::path file_;
  std::vector<epoch_entry> entries_;
};

}  // namespace gregor::storage
