// --replica-assignment as kafka-topics.sh spells it: "1:2,3:4" places partition 0 on brokers 1
// and 2 and partition 1 on brokers 3 and 4 (partitions split by commas, their replicas by colons,
// the first replica being the preferred leader).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gregor::tools {

// One list of broker ids per partition, in partition order. Throws tool_error for a malformed
// list, a broker named twice in one partition, or partitions of different replica counts.
std::vector<std::vector<int32_t>> parse_replica_assignment(const std::string& text);

}  // namespace gregor::tools
