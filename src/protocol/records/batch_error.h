// batch_error: why a record batch was refused, in the records layer's own terms.
//
// The broker maps these to wire codes at its boundary (corrupt_message -> CORRUPT_MESSAGE 2,
// invalid_record -> INVALID_RECORD 87, unsupported_compression_type -> UNSUPPORTED_COMPRESSION_TYPE
// 76); this layer does not depend on the wire error table. batch_failure adds a human-readable
// detail for logs and Produce v8+ error_message.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace gregor::records {

enum class batch_error {
  none = 0,
  // Size, magic or CRC problems, and any structure that cannot be parsed (truncated records,
  // lengths past the end, undecompressable payloads).
  corrupt_message,
  // A well-formed batch that breaks the rules for client-written batches: offset deltas,
  // record counts, control batches from clients, producer ids without sequences.
  invalid_record,
  // A codec id we do not know (5-7), or zstd where the request version does not allow it.
  unsupported_compression_type,
};

struct batch_failure {
  batch_error error = batch_error::none;
  std::string detail;
};

template <class T>
using batch_result = tl::expected<T, batch_failure>;

inline auto batch_fail(batch_error e, std::string detail) {
  return tl::make_unexpected(batch_failure{e, std::move(detail)});
}

inline std::string_view to_string(batch_error e) {
  switch (e) {
    case batch_error::none: return "none";
    case batch_error::corrupt_message: return "corrupt_message";
    case batch_error::invalid_record: return "invalid_record";
    case batch_error::unsupported_compression_type: return "unsupported_compression_type";
  }
  return "unknown";
}

}  // namespace gregor::records
