// log_files: names of the files and directories of Kafka's on-disk layout (docs/storage-format.md).
//
//   <log dir>/<topic>-<partition>/                      one directory per partition
//   <log dir>/<topic>-<partition>.<32 hex>-delete/      a partition being deleted
//   <partition dir>/<20-digit base offset>.log|.index|.timeindex
//   <partition dir>/<segment file>.deleted|.cleaned|.swap   transient (see docs, "Compaction")
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/uuid.h"

namespace gregor::storage {

inline constexpr std::string_view log_suffix = ".log";
inline constexpr std::string_view index_suffix = ".index";
inline constexpr std::string_view time_index_suffix = ".timeindex";
inline constexpr std::string_view deleted_suffix = ".deleted";    // awaiting file.delete.delay.ms
inline constexpr std::string_view cleaned_suffix = ".cleaned";    // cleaner output being written
inline constexpr std::string_view swap_suffix = ".swap";          // cleaner output committed, being swapped in
inline constexpr std::string_view delete_dir_suffix = "-delete";

inline constexpr std::string_view meta_properties_file = "meta.properties";
inline constexpr std::string_view recovery_point_checkpoint_file = "recovery-point-offset-checkpoint";
inline constexpr std::string_view log_start_offset_checkpoint_file = "log-start-offset-checkpoint";
inline constexpr std::string_view cleaner_offset_checkpoint_file = "cleaner-offset-checkpoint";
inline constexpr std::string_view clean_shutdown_file = ".kafka_cleanshutdown";
inline constexpr std::string_view leader_epoch_checkpoint_file = "leader-epoch-checkpoint";
inline constexpr std::string_view partition_metadata_file = "partition.metadata";

// "00000000000000000042" + suffix.
std::string segment_file_name(int64_t base_offset, std::string_view suffix);
// The base offset of "<20 digits><suffix>", or nullopt for any other name.
std::optional<int64_t> parse_segment_file_name(std::string_view name, std::string_view suffix);

// "<topic>-<partition>".
std::string partition_dir_name(std::string_view topic, int32_t partition);
struct topic_partition_name {
  std::string topic;
  int32_t partition;
};
// Splits "<topic>-<partition>" at the last '-'; nullopt for names that are not partition dirs
// (including "...-delete", "...-future" and "...-stray" directories).
std::optional<topic_partition_name> parse_partition_dir_name(std::string_view name);
// "<topic>-<partition>.<uuid as 32 lowercase hex>-delete".
std::string deleted_partition_dir_name(std::string_view topic, int32_t partition, const uuid& id);

}  // namespace gregor::storage
