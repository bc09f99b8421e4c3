// record_text: how `gregor dump-log --print-data-log` shows a record's key and payload — as text,
// the way Kafka's default StringDecoder does (UTF-8; bytes that are not valid UTF-8 become U+FFFD),
// or, with --offsets-decoder, as a __consumer_offsets record (offsets_record_text.h).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "base/shared_bytes.h"

namespace gregor::tools {

// `bytes` as UTF-8 text, each byte of an invalid sequence replaced by U+FFFD.
std::string utf8_text(byte_span bytes);

// The key and payload text of a record; nullopt for a null key or value (nothing is printed).
using record_text = std::pair<std::optional<std::string>, std::optional<std::string>>;

record_text plain_record_text(const std::optional<byte_span>& key, const std::optional<byte_span>& value);

}  // namespace gregor::tools
