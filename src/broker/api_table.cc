#include "broker/api_table.h"

#include <algorithm>
#include <array>

#include "broker/handlers/handlers.h"

namespace gregor::broker {
namespace {
using namespace protocol;
namespace h = handlers;

// Sorted by API key. Each line is one API with the versions its message definitions declare.
constexpr std::array apis{
    make_api_entry<produce_request, produce_response, h::produce>(),
    make_api_entry<fetch_request, fetch_response, h::fetch>(),
    make_api_entry<list_offsets_request, list_offsets_response, h::list_offsets>(),
    make_api_entry<metadata_request, metadata_response, h::metadata>(),
    make_api_entry<offset_commit_request, offset_commit_response, h::offset_commit>(),
    make_api_entry<offset_fetch_request, offset_fetch_response, h::offset_fetch>(),
    make_api_entry<find_coordinator_request, find_coordinator_response, h::find_coordinator>(),
    make_api_entry<join_group_request, join_group_response, h::join_group>(),
    make_api_entry<heartbeat_request, heartbeat_response, h::heartbeat>(),
    make_api_entry<leave_group_request, leave_group_response, h::leave_group>(),
    make_api_entry<sync_group_request, sync_group_response, h::sync_group>(),
    make_api_entry<describe_groups_request, describe_groups_response, h::describe_groups>(),
    make_api_entry<list_groups_request, list_groups_response, h::list_groups>(),
    make_api_entry<api_versions_request, api_versions_response, h::api_versions>(),
    make_api_entry<create_topics_request, create_topics_response, h::create_topics>(),
    make_api_entry<delete_topics_request, delete_topics_response, h::delete_topics>(),
    make_api_entry<delete_records_request, delete_records_response, h::delete_records>(),
    make_api_entry<init_producer_id_request, init_producer_id_response, h::init_producer_id>(),
    make_api_entry<offset_for_leader_epoch_request, offset_for_leader_epoch_response, h::offset_for_leader_epoch>(),
    make_api_entry<describe_configs_request, describe_configs_response, h::describe_configs>(),
    make_api_entry<alter_configs_request, alter_configs_response, h::alter_configs>(),
    make_api_entry<describe_log_dirs_request, describe_log_dirs_response, h::describe_log_dirs>(),
    make_api_entry<create_partitions_request, create_partitions_response, h::create_partitions>(),
    make_api_entry<delete_groups_request, delete_groups_response, h::delete_groups>(),
    make_api_entry<incremental_alter_configs_request, incremental_alter_configs_response,
                   h::incremental_alter_configs>(),
    make_api_entry<offset_delete_request, offset_delete_response, h::offset_delete>(),
    make_api_entry<describe_cluster_request, describe_cluster_response, h::describe_cluster>(),
};

static_assert(std::is_sorted(apis.begin(), apis.end(),
                             [](const api_entry& a, const api_entry& b) { return a.api_key < b.api_key; }));
}  // namespace

std::span<const api_entry> api_table() { return apis; }

const api_entry* find_api(int16_t api_key) {
  auto it = std::lower_bound(apis.begin(), apis.end(), api_key,
                             [](const api_entry& e, int16_t key) { return e.api_key < key; });
  return it != apis.end() && it->api_key == api_key ? &*it : nullptr;
}

}  // namespace gregor::broker
