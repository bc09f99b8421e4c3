// Every message definition Gregor has, as a type list (the spec-conformance test walks it).
// Add each new API's request and response here.
#pragma once

#include "protocol/messages/alter_configs.h"
#include "protocol/messages/api_versions.h"
#include "protocol/messages/create_partitions.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/delete_groups.h"
#include "protocol/messages/delete_records.h"
#include "protocol/messages/delete_topics.h"
#include "protocol/messages/describe_cluster.h"
#include "protocol/messages/describe_configs.h"
#include "protocol/messages/describe_groups.h"
#include "protocol/messages/describe_log_dirs.h"
#include "protocol/messages/fetch.h"
#include "protocol/messages/find_coordinator.h"
#include "protocol/messages/heartbeat.h"
#include "protocol/messages/incremental_alter_configs.h"
#include "protocol/messages/init_producer_id.h"
#include "protocol/messages/join_group.h"
#include "protocol/messages/leave_group.h"
#include "protocol/messages/list_groups.h"
#include "protocol/messages/list_offsets.h"
#include "protocol/messages/metadata.h"
#include "protocol/messages/offset_commit.h"
#include "protocol/messages/offset_delete.h"
#include "protocol/messages/offset_fetch.h"
#include "protocol/messages/offset_for_leader_epoch.h"
#include "protocol/messages/produce.h"
#include "protocol/messages/sync_group.h"

namespace gregor::protocol {

template <class... T>
struct type_list {};

using all_messages = type_list<
    api_versions_request, api_versions_response,
    metadata_request, metadata_response,
    produce_request, produce_response,
    fetch_request, fetch_response,
    list_offsets_request, list_offsets_response,
    create_topics_request, create_topics_response,
    delete_topics_request, delete_topics_response,
    create_partitions_request, create_partitions_response,
    describe_configs_request, describe_configs_response,
    alter_configs_request, alter_configs_response,
    incremental_alter_configs_request, incremental_alter_configs_response,
    delete_records_request, delete_records_response,
    describe_cluster_request, describe_cluster_response,
    describe_log_dirs_request, describe_log_dirs_response,
    offset_for_leader_epoch_request, offset_for_leader_epoch_response,
    init_producer_id_request, init_producer_id_response,
    find_coordinator_request, find_coordinator_response,
    join_group_request, join_group_response,
    sync_group_request, sync_group_response,
    heartbeat_request, heartbeat_response,
    leave_group_request, leave_group_response,
    offset_commit_request, offset_commit_response,
    offset_fetch_request, offset_fetch_response,
    offset_delete_request, offset_delete_response,
    describe_groups_request, describe_groups_response,
    list_groups_request, list_groups_response,
    delete_groups_request, delete_groups_response>;

}  // namespace gregor::protocol
