// index_dump: `gregor dump-log` for a segment's .index and .timeindex files (formats in
// docs/storage-format.md), as Kafka's kafka-dump-log.sh shows them:
//
//   .index       offset: 120 position: 4205        one line per entry (absolute offsets)
//   .timeindex   timestamp: 1700000000120 offset: 120
//
// Each entry is also checked against the .log beside the index: an offset-index entry must point
// at the start of a batch whose last offset is the entry's offset; a time-index entry's offset
// must be the last offset of a batch whose largest timestamp is the entry's timestamp, and
// timestamps must increase. Problems go to dump_findings (printed on stderr at the end).
// --verify-index-only prints only those problems. --index-sanity-check instead prints
// "<file> passed sanity check." when the broker would keep every entry on load (whole entries,
// increasing, offsets not below the base offset, positions inside the log), else
// "<file> failed sanity check: <why>".
//
// Entries end at the preallocated zero tail of an active segment's index: at the first entry
// after the first one whose offset is the base offset, or at an all-zero first entry (then the
// index is "<file> is empty.").
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "tools/dump_log/dump_findings.h"
#include "tools/dump_log/dump_options.h"

namespace gregor::tools {

// Both return false when --index-sanity-check found a problem. They throw tool_error when a file
// cannot be read, or when an indexed batch is larger than --max-message-size.
bool dump_offset_index(const std::string& path, const std::string& log_path, int64_t base_offset,
                       const dump_options& options, dump_findings& findings, std::ostream& out);
bool dump_time_index(const std::string& path, const std::string& log_path, int64_t base_offset,
                     const dump_options& options, dump_findings& findings, std::ostream& out);

}  // namespace gregor::tools
