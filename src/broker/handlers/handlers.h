// One handler per API (one .cc each). A handler decodes nothing and encodes nothing: it gets a
// decoded request, asks the broker's subsystems, maps their errors to wire codes and returns the
// response. Version differences are data (fields absent in a version are simply not sent).
#pragma once

#include <asio.hpp>

#include "broker/request_context.h"
#include "protocol/error_code.h"
#include "protocol/messages/all_messages.h"

namespace gregor::broker::handlers {

using namespace gregor::protocol;

asio::awaitable<api_versions_response> api_versions(request_context&, api_versions_request&);
asio::awaitable<metadata_response> metadata(request_context&, metadata_request&);
asio::awaitable<produce_response> produce(request_context&, produce_request&);
asio::awaitable<fetch_response> fetch(request_context&, fetch_request&);
asio::awaitable<list_offsets_response> list_offsets(request_context&, list_offsets_request&);
asio::awaitable<init_producer_id_response> init_producer_id(request_context&, init_producer_id_request&);
asio::awaitable<offset_for_leader_epoch_response> offset_for_leader_epoch(request_context&,
                                                                          offset_for_leader_epoch_request&);
asio::awaitable<create_topics_response> create_topics(request_context&, create_topics_request&);
asio::awaitable<delete_topics_response> delete_topics(request_context&, delete_topics_request&);
asio::awaitable<create_partitions_response> create_partitions(request_context&, create_partitions_request&);
asio::awaitable<delete_records_response> delete_records(request_context&, delete_records_request&);
asio::awaitable<describe_cluster_response> describe_cluster(request_context&, describe_cluster_request&);
asio::awaitable<describe_log_dirs_response> describe_log_dirs(request_context&, describe_log_dirs_request&);
asio::awaitable<describe_configs_response> describe_configs(request_context&, describe_configs_request&);
asio::awaitable<alter_configs_response> alter_configs(request_context&, alter_configs_request&);
asio::awaitable<incremental_alter_configs_response> incremental_alter_configs(request_context&,
                                                                              incremental_alter_configs_request&);

// Consumer groups (the group coordinator).
asio::awaitable<find_coordinator_response> find_coordinator(request_context&, find_coordinator_request&);
asio::awaitable<join_group_response> join_group(request_context&, join_group_request&);
asio::awaitable<sync_group_response> sync_group(request_context&, sync_group_request&);
asio::awaitable<heartbeat_response> heartbeat(request_context&, heartbeat_request&);
asio::awaitable<leave_group_response> leave_group(request_context&, leave_group_request&);
asio::awaitable<offset_commit_response> offset_commit(request_context&, offset_commit_request&);
asio::awaitable<offset_fetch_response> offset_fetch(request_context&, offset_fetch_request&);
asio::awaitable<offset_delete_response> offset_delete(request_context&, offset_delete_request&);
asio::awaitable<describe_groups_response> describe_groups(request_context&, describe_groups_request&);
asio::awaitable<list_groups_response> list_groups(request_context&, list_groups_request&);
asio::awaitable<delete_groups_response> delete_groups(request_context&, delete_groups_request&);

}  // namespace gregor::broker::handlers
