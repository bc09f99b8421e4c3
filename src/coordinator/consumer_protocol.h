// consumer_protocol: the parts of the "consumer" embedded protocol the broker must read.
//
// The broker passes JoinGroup metadata and SyncGroup assignments through untouched (so every
// assignor works); only OffsetDelete and offset expiry need to know which topics a consumer group
// subscribes to. ConsumerProtocolSubscription v0-v3 starts with: version int16, topics [string].
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/shared_bytes.h"

namespace gregor::coordinator {

// The subscribed topics, or nullopt when the bytes are not a subscription we can read.
std::optional<std::vector<std::string>> parse_subscription_topics(const shared_bytes& metadata);

}  // namespace gregor::coordinator
