// Checks a partition's record set from a Produce request before it reaches the log, and
// prepares it (recompression for a topic compression.type, LogAppendTime stamping).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/shared_bytes.h"
#include "config/topic_config.h"
#include "protocol/error_code.h"
#include "protocol/records/batch_header.h"

namespace gregor::broker {

struct prepared_records {
  protocol::error_code error = protocol::error_code::none;
  std::string message;
  // The batches to append: `input` itself (the log then stamps offsets into it in place), or
  // `converted` when the topic's compression.type made the broker recompress some of them.
  std::span<uint8_t> batches;
  std::vector<uint8_t> converted;
  std::vector<records::batch_header> headers;
  int64_t log_append_time = -1;  // set when the topic uses LogAppendTime
};

// Validates and prepares `input` for appending to a topic with `config`. `produce_version`
// gates zstd (v7+). `now_ms` is the append time for LogAppendTime topics. `input` must be the
// caller's to change: LogAppendTime is stamped into it, and the log assigns offsets in it.
prepared_records prepare_records(std::span<uint8_t> input, const config::topic_config& config, int16_t produce_version,
                                 int64_t now_ms);

}  // namespace gregor::broker
