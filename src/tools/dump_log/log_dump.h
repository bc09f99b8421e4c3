// log_dump: `gregor dump-log` for a segment's .log file, in the shape of Kafka's kafka-dump-log.sh:
//
//   Log starting offset: 0
//   baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1
//     producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false
//     deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000002 size: 95 magic: 2
//     compresscodec: none crc: 2154258364 isvalid: true                          (one line)
//   | offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: -1 headerKeys: [h1,h2]
//     key: k0 payload: hello                                                     (one line)
//   Found 17 invalid bytes at the end of 00000000000000000000.log
//
// Record lines come with deep iteration (records inside compressed batches are decompressed);
// key and payload with --print-data-log. A transaction marker's record shows
// "endTxnMarker: COMMIT coordinatorEpoch: N" instead. A batch whose CRC does not match is still
// printed, with isvalid: false; records that cannot be decoded are reported on a "|" line and the
// dump goes on with the next batch. The last line appears when the file ends in a torn or
// unreadable batch (not with --max-bytes, which cuts batches on purpose).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "tools/dump_log/dump_findings.h"
#include "tools/dump_log/dump_options.h"

namespace gregor::tools {

// Dumps `path` (a .log whose name starts with its base offset) to `out`; non-consecutive record
// offsets go to `findings`. Throws tool_error when the file cannot be read.
void dump_log_file(const std::string& path, int64_t base_offset, const dump_options& options, dump_findings& findings,
                   std::ostream& out);

}  // namespace gregor::tools
