// member_metadata_reader: reads what DescribeGroups returns as opaque bytes for members of a
// "consumer" group — their subscription and their assignment (docs/consumer-groups.md):
//
//   Subscription := version:int16 Topics:[string] ...            (later fields ignored here)
//   Assignment   := version:int16 AssignedPartitions:[Topic:string Partitions:[int32]] ...
//
// Never flexible (classic int16/int32 lengths); every version starts this way, so newer ones read
// alike. Pure functions, any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/shared_bytes.h"
#include "gregor/types.h"

namespace gregor::client::admin {

// The subscribed topics; nullopt when the bytes are not a consumer subscription.
std::optional<std::vector<std::string>> read_subscription_topics(const shared_bytes& metadata);
// The assigned partitions, sorted; zero bytes (nothing assigned yet) give an empty list; nullopt
// when the bytes are not a consumer assignment.
std::optional<std::vector<topic_partition>> read_assignment(const shared_bytes& assignment);

}  // namespace gregor::client::admin
