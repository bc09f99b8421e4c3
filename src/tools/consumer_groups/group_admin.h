// group_admin: the admin-client calls `gregor consumer-groups` makes, each bounded by --timeout,
// returning plain values (waiting on the futures here keeps the actions readable).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "gregor/admin.h"
#include "tools/consumer_groups/group_options.h"

namespace gregor::tools::consumer_groups {

// Offsets looked up per partition; a partition whose lookup failed is in `errors` instead.
struct log_offsets {
  std::map<topic_partition, int64_t> offsets;
  std::map<topic_partition, std::string> errors;
};

class group_admin {
 public:
  group_admin(const gregor::config& cfg, std::chrono::milliseconds timeout);

  kafka_admin_client& client() { return client_; }
  admin_options options() const { return {.timeout = timeout_}; }

  // Every group the cluster knows, sorted by id; only those in `states` unless it is empty.
  std::vector<consumer_group_listing> list_groups(const std::vector<consumer_group_state>& states = {});
  // The groups a run works on: --group values in order (duplicates dropped), or every group's id
  // with --all-groups.
  std::vector<std::string> group_ids(const group_options& options);
  // Descriptions by group id (a group that does not exist comes back in state dead).
  std::map<std::string, consumer_group_description> describe(const std::vector<std::string>& group_ids);
  // The group's committed offsets (partitions without one are left out).
  std::map<topic_partition, offset_and_metadata> committed(const std::string& group_id);
  // One ListOffsets lookup of `spec` for each partition (latest: the high watermark).
  log_offsets lookup(const std::vector<topic_partition>& partitions, const offset_spec& spec);
  // Partition count of each topic; throws tool_error for a topic that does not exist.
  std::map<std::string, int32_t> partition_counts(const std::vector<std::string>& topics);

 private:
  kafka_admin_client client_;
  std::chrono::milliseconds timeout_;
};

}  // namespace gregor::tools::consumer_groups
