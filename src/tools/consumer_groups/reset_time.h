// reset_time: the two ways --reset-offsets names a point in time.
//
//   --to-datetime 2024-05-01T12:30:00.000[Z|+02|+0200|+02:00]
//       Kafka's YYYY-MM-DDTHH:mm:SS.sss; without a zone the time is UTC (what Kafka's tool does:
//       it appends 'Z'). The milliseconds may be left out here.
//   --by-duration PnDTnHnMnS
//       an ISO-8601 duration (Java's Duration syntax: days, hours, minutes, seconds with an optional
//       fraction), counted back from now.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace gregor::tools::consumer_groups {

// Milliseconds since the epoch; throws tool_error for anything malformed or out of range.
int64_t parse_datetime(const std::string& text);

// The length of the duration; throws tool_error for anything malformed.
std::chrono::milliseconds parse_duration(const std::string& text);

}  // namespace gregor::tools::consumer_groups
