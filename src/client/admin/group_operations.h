// group_operations: ListGroups, DescribeGroups and DeleteGroups.
//
// ListGroups goes to every broker (each lists the groups it coordinates). DescribeGroups and
// DeleteGroups go to each group's coordinator, found with FindCoordinator (key type 0) and cached;
// NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE look it up again, COORDINATOR_LOAD_IN_PROGRESS
// waits, both until the timeout. Other errors (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, ...) are final.
// Runs on the admin I/O thread.
#pragma once

#include <future>
#include <string>
#include <vector>

#include "client/admin/admin_context.h"
#include "gregor/admin.h"

namespace gregor::client::admin {

admin_future<std::vector<consumer_group_listing>> list_consumer_groups(admin_context& ctx,
                                                                            const list_consumer_groups_options& options);
admin_results<std::string, consumer_group_description> describe_consumer_groups(admin_context& ctx,
                                                                                std::vector<std::string> group_ids,
                                                                                const admin_options& options);
admin_results<std::string, void> delete_consumer_groups(admin_context& ctx, std::vector<std::string> group_ids,
                                                        const admin_options& options);

}  // namespace gregor::client::admin
