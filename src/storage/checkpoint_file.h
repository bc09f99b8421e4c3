// checkpoint_file: Kafka's text checkpoint formats (docs/storage-format.md), parse and format.
//
//   offset checkpoint (recovery-point-offset-checkpoint, log-start-offset-checkpoint,
//   cleaner-offset-checkpoint):       "0\n" N "\n" then N lines "<topic> <partition> <offset>\n"
//   leader-epoch-checkpoint:          "0\n" N "\n" then N lines "<epoch> <start offset>\n"
//   partition.metadata:               "version: 0\ntopic_id: <base64 uuid>\n"
//
// Files are replaced atomically with fs::write_file_atomically. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/uuid.h"
#include "storage/fs/file.h"

namespace gregor::storage {

struct partition_offset {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  friend bool operator==(const partition_offset&, const partition_offset&) = default;
};

struct epoch_entry {
  int32_t epoch = 0;
  int64_t start_offset = 0;
  friend bool operator==(const epoch_entry&, const epoch_entry&) = default;
};

std::string format_offset_checkpoint(const std::vector<partition_offset>& entries);
result<std::vector<partition_offset>> parse_offset_checkpoint(std::string_view text);

std::string format_leader_epoch_checkpoint(const std::vector<epoch_entry>& entries);
result<std::vector<epoch_entry>> parse_leader_epoch_checkpoint(std::string_view text);

std::string format_partition_metadata(const uuid& topic_id);
result<uuid> parse_partition_metadata(std::string_view text);

// Reads an offset checkpoint; a missing file is an empty checkpoint.
result<std::vector<partition_offset>> read_offset_checkpoint(fs::file_system& fs, const fs::path& p);
result<void> write_offset_checkpoint(fs::file_system& fs, const fs::path& p,
                                     const std::vector<partition_offset>& entries);

}  // namespace gregor::storage
