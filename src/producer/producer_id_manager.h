// producer_id_manager: hands out producer ids for InitProducerId without a transactional id
// (docs/producer-state.md §4).
//
// Ids start at 0, increase monotonically and never repeat across restarts: ids are reserved in
// blocks, and the start of the next block is persisted to `<log dir>/producer-id-block` before any
// id of the current block is returned. A crash skips the unused rest of a block.
//
//   producer-id-block := "gregor-producer-id-block v1 next=" decimal " crc=" 8 hex "\n"
//
// Thread-safety: internally synchronized; allocate() may be called from any network thread. The
// file is written under the lock, once per block.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"

namespace gregor::producer {

constexpr int64_t default_producer_id_block_size = 1000;
constexpr const char* producer_id_block_file_name = "producer-id-block";

struct producer_id_and_epoch {
  int64_t producer_id = -1;
  int16_t producer_epoch = 0;
};

class producer_id_manager {
 public:
  // Reads `<dir>/producer-id-block` (absent: a fresh broker, ids start at 0). A corrupt file is an
  // error: restarting at 0 could reuse ids. No file is written until the first allocate().
  static result<std::unique_ptr<producer_id_manager>> open(
      const std::filesystem::path& dir, int64_t block_size = default_producer_id_block_size);

  // A new producer id with epoch 0. Fails only if the block file cannot be written (no id is
  // handed out then; a later call retries) or the id space is exhausted.
  result<producer_id_and_epoch> allocate();

  // File format helpers (exposed for tests and tools).
  static std::string encode_block_file(int64_t next_block_start);
  static result<int64_t> decode_block_file(const std::string& text);

 private:
  producer_id_manager(std::filesystem::path file, int64_t block_size, int64_t next_block_start);

  const std::filesystem::path file_;
  const int64_t block_size_;
  std::mutex mutex_;
  int64_t next_id_;      // guarded by mutex_
  int64_t block_end_;    // guarded by mutex_; ids in [next_id_, block_end_) are reserved on disk
};

}  // namespace gregor::producer
