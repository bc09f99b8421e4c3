// committed_offsets: OffsetCommit and OffsetFetch against the group coordinator.
//
// One request each, no retries: callers decide (a sync commit retries coordinator moves until its
// deadline, an async one reports the first failure). A coordinator error in the answer
// (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE) makes the channel look the coordinator up again.
// The first partition error of a commit is its result. I/O thread only.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/consumer/coordinator_channel.h"
#include "gregor/types.h"

namespace gregor::client {

// Who commits: a group member of a generation, or (generation -1, no member id) a consumer
// outside group management that only uses the group's offset storage.
struct commit_generation {
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

using committed_map = std::map<gregor::topic_partition, std::optional<offset_and_metadata>>;

void send_offset_commit(coordinator_channel& channel, const commit_generation& generation,
                        const std::map<gregor::topic_partition, offset_and_metadata>& offsets,
                        std::function<void(client_result<void>)> done);

// The committed offset of each partition; nullopt where the group has none.
void send_offset_fetch(coordinator_channel& channel, const std::vector<gregor::topic_partition>& partitions,
                       bool require_stable, std::function<void(client_result<committed_map>)> done);

}  // namespace gregor::client
