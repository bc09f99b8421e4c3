// offsets_record_text: `gregor dump-log --offsets-decoder` — the keys and values of the group
// coordinator's __consumer_offsets records (decoded with src/coordinator's codecs), printed as
// Kafka 3.0-3.4's kafka-dump-log.sh prints them:
//
//   key: offset_commit::group=orders-app,partition=orders-0 payload: offset=42[,metadata=M]
//   key: group_metadata::group=orders-app payload: {"protocolType":"consumer","protocol":"range",
//        "generationId":3,"assignment":"{member-1=[orders-0, orders-1]}"}
//
// A tombstone (deleted offset or group) has the payload <DELETE>. A record that is not one of
// these shows the reason as its key and no payload.
#pragma once

#include <optional>

#include "base/shared_bytes.h"
#include "tools/dump_log/record_text.h"

namespace gregor::tools {

record_text offsets_record_text(const std::optional<byte_span>& key, const std::optional<byte_span>& value);

}  // namespace gregor::tools
