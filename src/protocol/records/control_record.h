// control_record: the key and value of a transaction marker, the single record of a control batch.
//
//   key   := version:int16 (=0) type:int16        (0 = ABORT, 1 = COMMIT)
//   value := version:int16 (=0) coordinator_epoch:int32
//
// A control batch has attribute bits 4 (transactional) and 5 (control) set and takes one offset;
// consumers skip it. Only the broker writes them (see validate_options::client_origin).
// Thread-safety: plain functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "base/shared_bytes.h"

namespace gregor::records {

enum class control_type : int16_t { abort = 0, commit = 1 };

struct control_marker {
  control_type type = control_type::commit;
  int32_t coordinator_epoch = 0;
};

std::array<uint8_t, 4> encode_control_key(control_type type);
std::array<uint8_t, 6> encode_control_value(int32_t coordinator_epoch);
// The marker type from a control record's key; nullopt if the key is too short or its version is
// unknown (readers skip such records rather than fail).
std::optional<control_type> parse_control_key(byte_span key);

struct control_batch_options {
  int64_t base_offset = 0;
  int32_t partition_leader_epoch = -1;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int64_t timestamp_ms = -1;
};

// A transactional control batch holding one marker record.
result<std::vector<uint8_t>> build_control_batch(const control_marker& marker, const control_batch_options& options);

}  // namespace gregor::records
