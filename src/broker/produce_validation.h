// Checks a partition's record set from a Produce request before it reaches the log, and
// prepares it (recompression for a topic compression.type, LogAppendTime stamping).
#pragma once

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
  std::vector<uint8_t> bytes;  // the batches to append (a private, mutable copy)
  std::vector<records::batch_header> headers;
  int64_t log_append_time = -1;  // set when the topic uses LogAppendTime
};

// Validates and prepares `input` for appending to a topic with `config`. `produce_version`
// gates zstd (v7+). `now_ms` is the append time for LogAppendTime topics.
prepared_records prepare_records(const shared_bytes& input, const config::topic_config& config, int16_t produce_version,
                                 int64_t now_ms);

}  // namespace gregor::broker
