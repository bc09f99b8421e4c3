// offset_json: the --offset-json-file of `gregor delete-records`, in Kafka's format:
//
//   {"version": 1,
//    "partitions": [{"topic": "orders", "partition": 0, "offset": 3}, ...]}
//
// "version" may be left out (it means 1; no other version exists). "offset" is the offset before
// which records are deleted, or -1 for the partition's high watermark (delete everything).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gregor/types.h"

namespace gregor::tools {

// The partitions and offsets in file order. Throws tool_error, in one line naming what is wrong,
// for text that is not JSON, a missing or mistyped field, an offset below -1, an empty list, or
// a partition listed twice.
std::vector<std::pair<topic_partition, int64_t>> parse_offset_json(std::string_view text);

}  // namespace gregor::tools
