// storage_error: what can go wrong in the storage layer, as a value.
//
// The broker maps these to wire error codes at its boundary (e.g. offset_out_of_range ->
// OFFSET_OUT_OF_RANGE, io_error -> KAFKA_STORAGE_ERROR, corrupt -> CORRUPT_MESSAGE).
#pragma once

#include <string_view>

namespace gregor::storage {

enum class storage_error {
  offset_out_of_range,  // requested offset is below log start or above log end
  corrupt,              // a batch or index failed validation
  io_error,             // a read/write/sync/rename failed; the log may now be offline
  invalid_argument,     // caller error (bad batch framing, offset above high watermark, ...)
  not_found,            // no such partition
  log_failed,           // an earlier fsync/write failure put the log in a failed state
};

constexpr std::string_view to_string(storage_error e) {
  switch (e) {
    case storage_error::offset_out_of_range: return "offset_out_of_range";
    case storage_error::corrupt: return "corrupt";
    case storage_error::io_error: return "io_error";
    case storage_error::invalid_argument: return "invalid_argument";
    case storage_error::not_found: return "not_found";
    case storage_error::log_failed: return "log_failed";
  }
  return "unknown";
}

}  // namespace gregor::storage
