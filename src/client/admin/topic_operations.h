// topic_operations: CreateTopics, DeleteTopics and CreatePartitions, sent to the controller.
//
// Each call sends every pending topic in one request to the controller the metadata names (any
// broker when it names none). NOT_CONTROLLER and network errors refresh the metadata and retry the
// topics concerned; every other per-topic error is final. Runs on the admin I/O thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "client/admin/admin_context.h"
#include "gregor/admin.h"

namespace gregor::client::admin {

admin_results<std::string, created_topic> create_topics(admin_context& ctx, std::vector<new_topic> topics,
                                                        const create_topics_options& options);
admin_results<std::string, void> delete_topics(admin_context& ctx, std::vector<std::string> topics,
                                               const admin_options& options);
admin_results<std::string, void> create_partitions(admin_context& ctx, std::map<std::string, new_partitions> topics,
                                                   const create_partitions_options& options);

}  // namespace gregor::client::admin
