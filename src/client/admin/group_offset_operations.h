// group_offset_operations: a consumer group's committed offsets — OffsetFetch, OffsetCommit and
// OffsetDelete sent to the group's coordinator.
//
// alter_consumer_group_offsets commits as Kafka's admin client does: generation -1, no member id,
// so the coordinator accepts it only while the group has no members (UNKNOWN_MEMBER_ID otherwise).
// Coordinator errors (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS)
// and UNSTABLE_OFFSET_COMMIT are retried until the timeout; others are final.
// Runs on the admin I/O thread.
#pragma once

#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/admin/admin_context.h"
#include "gregor/admin.h"

namespace gregor::client::admin {

admin_future<std::map<topic_partition, offset_and_metadata>> list_consumer_group_offsets(
    admin_context& ctx, std::string group_id, std::optional<std::vector<topic_partition>> partitions,
    const admin_options& options);
admin_results<topic_partition, void> alter_consumer_group_offsets(admin_context& ctx, std::string group_id,
                                                                  std::map<topic_partition, offset_and_metadata> offsets,
                                                                  const admin_options& options);
admin_results<topic_partition, void> delete_consumer_group_offsets(admin_context& ctx, std::string group_id,
                                                                   std::vector<topic_partition> partitions,
                                                                   const admin_options& options);

}  // namespace gregor::client::admin
