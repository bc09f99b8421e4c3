// partition_operations: DeleteRecords and ListOffsets, sent to each partition's leader.
//
// Every round asks the metadata afresh for the topics concerned, groups the pending partitions by
// leader and sends one request per leader. A topic or partition the metadata does not know fails
// with UNKNOWN_TOPIC_OR_PARTITION; a partition without a leader, and NOT_LEADER_OR_FOLLOWER and
// similar answers, are retried (with new metadata) until the timeout. Runs on the admin I/O thread.
#pragma once

#include <map>

#include "client/admin/admin_context.h"
#include "gregor/admin.h"

namespace gregor::client::admin {

admin_results<topic_partition, deleted_records> delete_records(admin_context& ctx,
                                                                std::map<topic_partition, int64_t> before_offsets,
                                                                const admin_options& options);
admin_results<topic_partition, listed_offset> list_offsets(admin_context& ctx,
                                                           std::map<topic_partition, offset_spec> specs,
                                                           const list_offsets_options& options);

}  // namespace gregor::client::admin
