// config_operations: DescribeConfigs, AlterConfigs and IncrementalAlterConfigs.
//
// Routing, as Kafka's AdminClient does it: a broker resource named by id goes to that broker
// (only it knows its own configs); alterations of topics and cluster defaults go to the
// controller; descriptions of topics and defaults to any broker. Resources bound for the same
// broker share one request. Per-resource errors (UNKNOWN_TOPIC_OR_PARTITION, INVALID_CONFIG,
// INVALID_REQUEST, ...) are final; network errors are retried. Runs on the admin I/O thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "client/admin/admin_context.h"
#include "gregor/admin.h"

namespace gregor::client::admin {

admin_results<config_resource, config_description> describe_configs(admin_context& ctx,
                                                                    std::vector<config_resource> resources,
                                                                    const describe_configs_options& options);
admin_results<config_resource, void> alter_configs(admin_context& ctx,
                                                   std::map<config_resource, std::map<std::string, std::string>> configs,
                                                   const alter_configs_options& options);
admin_results<config_resource, void> incremental_alter_configs(
    admin_context& ctx, std::map<config_resource, std::vector<alter_config_op>> changes,
    const alter_configs_options& options);

}  // namespace gregor::client::admin
