#include "client/net/api_versions.h"

#include <algorithm>

namespace gregor::client {

std::optional<version_range> client_versions(int16_t api_key) {
  switch (api_key) {
    case 0: return version_range{3, 9};    // Produce: v3 is the first with v2 record batches
    case 1: return version_range{4, 12};   // Fetch: v13 switches to topic ids
    case 2: return version_range{1, 7};    // ListOffsets
    case 3: return version_range{1, 12};   // Metadata
    case 8: return version_range{2, 8};    // OffsetCommit
    case 9: return version_range{1, 7};    // OffsetFetch: v8 batches groups differently
    case 10: return version_range{0, 3};   // FindCoordinator: v4 batches keys
    case 11: return version_range{0, 7};   // JoinGroup
    case 12: return version_range{0, 4};   // Heartbeat
    case 13: return version_range{0, 4};   // LeaveGroup
    case 14: return version_range{0, 5};   // SyncGroup
    case 15: return version_range{0, 5};   // DescribeGroups
    case 16: return version_range{0, 4};   // ListGroups
    case 18: return version_range{0, 3};   // ApiVersions
    case 19: return version_range{0, 7};   // CreateTopics
    case 20: return version_range{0, 5};   // DeleteTopics: v6 adds topic ids
    case 21: return version_range{0, 2};   // DeleteRecords
    case 22: return version_range{0, 4};   // InitProducerId
    case 32: return version_range{0, 4};   // DescribeConfigs
    case 33: return version_range{0, 2};   // AlterConfigs
    case 37: return version_range{0, 3};   // CreatePartitions
    case 42: return version_range{0, 2};   // DeleteGroups
    case 44: return version_range{0, 1};   // IncrementalAlterConfigs
    case 47: return version_range{0, 0};   // OffsetDelete
    case 60: return version_range{0, 1};   // DescribeCluster
    default: return std::nullopt;
  }
}

std::optional<version_range> broker_versions::broker_range(int16_t api_key) const {
  auto it = ranges_.find(api_key);
  if (it == ranges_.end()) return std::nullopt;
  return it->second;
}

std::optional<int16_t> broker_versions::pick(int16_t api_key) const {
  auto ours = client_versions(api_key);
  auto theirs = broker_range(api_key);
  if (!ours || !theirs) return std::nullopt;
  int16_t high = std::min(ours->max, theirs->max);
  int16_t low = std::max(ours->min, theirs->min);
  if (high < low) return std::nullopt;
  return high;
}

}  // namespace gregor::client
