// metadata_queries: list_topics, describe_topics and describe_cluster — read-only views of the
// cluster, answered by any broker from its metadata (Metadata and DescribeCluster requests).
//
// describe_topics retries topics whose metadata says LEADER_NOT_AVAILABLE (a topic being created);
// UNKNOWN_TOPIC_OR_PARTITION and INVALID_TOPIC_EXCEPTION are final. Topics are never auto-created:
// the admin client's Metadata requests disallow it. Runs on the admin I/O thread.
#pragma once

#include <future>
#include <string>
#include <vector>

#include "client/admin/admin_context.h"
#include "gregor/admin.h"

namespace gregor::client::admin {

admin_future<std::vector<topic_listing>> list_topics(admin_context& ctx, const list_topics_options& options);
admin_results<std::string, topic_description> describe_topics(admin_context& ctx, std::vector<std::string> topics,
                                                              const admin_options& options);
admin_future<cluster_description> describe_cluster(admin_context& ctx, const admin_options& options);

}  // namespace gregor::client::admin
