// producer_state_snapshot: producer_state_table on disk, one file per snapshot offset, beside the
// partition's segments (docs/producer-state.md §2).
//
//   <20-digit offset>.snapshot, big-endian:
//   "GPST" | version u16 (1) | snapshot_offset i64 | producer_count u32 | producer* | crc32c u32
//   producer := producer_id i64 | epoch i16 | last_activity_ms i64 | batch_count u8 (<=5) | batch*
//   batch    := first_seq i32 | last_seq i32 | first_offset i64 | last_offset i64 | max_timestamp i64
//   The CRC-32C covers every byte before it.
//
// A snapshot at offset N holds the effect of all batches below N; recovery loads it and replays the
// log from N with producer_state_table::replay_batch().
// Thread-safety: stateless functions. The caller (the partition log) serializes calls per directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "producer/producer_state_table.h"

namespace gregor::producer {

constexpr uint16_t snapshot_format_version = 1;
constexpr size_t snapshots_to_keep = 2;

// "00000000000000012345.snapshot"
std::string snapshot_file_name(int64_t offset);
// The offset in a snapshot file name, or nullopt if the name is not one.
std::optional<int64_t> parse_snapshot_file_name(const std::string& name);

// Serialized form (deterministic: producers sorted by id).
std::vector<uint8_t> encode_snapshot(const producer_state_table& table, int64_t offset);

struct decoded_snapshot {
  producer_state_table table;
  int64_t offset = 0;
};
// Validates everything listed in docs/producer-state.md §2; an error names the first problem.
result<decoded_snapshot> decode_snapshot(std::span<const uint8_t> bytes);

// Writes `<dir>/<offset>.snapshot` atomically, then deletes all but the newest snapshots_to_keep.
result<void> write_snapshot(const std::filesystem::path& dir, const producer_state_table& table,
                            int64_t offset);

// Snapshot offsets present in dir, ascending.
result<std::vector<int64_t>> list_snapshots(const std::filesystem::path& dir);

struct loaded_snapshot {
  producer_state_table table;
  int64_t offset = 0;                 // replay the log from here
  std::vector<std::string> skipped;   // "<file>: <reason>" for newer snapshots that were unusable
};

// The newest readable snapshot with offset <= max_offset (pass the log end offset so snapshots
// from beyond a truncation are ignored). nullopt when dir holds no snapshot at all; an error when
// snapshots exist but none is usable (the message lists why), so the caller replays from the log
// start with an empty table.
result<std::optional<loaded_snapshot>> load_latest_snapshot(
    const std::filesystem::path& dir, int64_t max_offset = std::numeric_limits<int64_t>::max());

// Deletes all but the newest `keep` snapshots.
result<void> delete_old_snapshots(const std::filesystem::path& dir, size_t keep = snapshots_to_keep);
// Deletes snapshots with offset > `offset` (after the log is truncated to `offset`).
result<void> delete_snapshots_above(const std::filesystem::path& dir, int64_t offset);

}  // namespace gregor::producer
