// gregor::kafka_admin_client: manages topics, configs, consumer groups and records of a Kafka
// cluster (Gregor or Apache Kafka) — kafka-python's KafkaAdminClient, in C++.
//
//   gregor::kafka_admin_client admin({{"bootstrap_servers", "localhost:9092"}});
//   admin.create_topics({{.name = "orders", .num_partitions = 6, .replication_factor = 1}}).all();
//   for (const auto& t : admin.list_topics().get()) std::cout << t.name << '\n';
//   admin.delete_records({{{"orders", 0}, 100}})[{"orders", 0}].get().low_watermark;  // == 100
//
// Configuration (kafka-python names; dotted Java names work too; anything else is a config_error):
//   bootstrap_servers         "host:port,..."                                   localhost:9092
//   client_id                 sent with every request                          gregor-admin-N
//   request_timeout_ms        default timeout of every operation, retries included   30000
//   connections_max_idle_ms   idle connections are closed after this           540000
//   reconnect_backoff_ms / reconnect_backoff_max_ms   wait before reconnecting   50 / 1000
//   metadata_max_age_ms       cached metadata is used for routing this long     300000
//   retry_backoff_ms          wait between retries of a retriable error        100
//
// Every operation returns at once and runs on the client's background thread. Batch operations
// return admin_results (an admin_future per item, see admin_results.h); single-answer ones an
// admin_future (admin_future.h: get() waits and returns a copy, or throws). A future fails with:
//   kafka_error            the broker's error for that item, with Kafka's name and the broker's
//                          message, e.g. "TOPIC_ALREADY_EXISTS: Topic 'orders' already exists."
//   kafka_timeout_error    the operation's timeout (options.timeout, else request_timeout_ms)
//                          passed; retriable errors are retried until then
//   no_brokers_available   no bootstrap server could be reached before the timeout
// Constructing the client contacts no broker, so it never blocks or throws for a cluster that
// is down; its operations fail within their timeout instead.
//
// Routing (as Kafka's AdminClient): topic creation, deletion, partition growth and config changes
// go to the controller; broker configs to that broker; group operations to the group's coordinator
// (FindCoordinator); DeleteRecords and ListOffsets to each partition's leader. NOT_CONTROLLER,
// NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS, NOT_LEADER_OR_FOLLOWER,
// LEADER_NOT_AVAILABLE and network errors lead to a new lookup and a retry after retry_backoff_ms.
//
// Thread safety: every method may be called from any thread. Destroying the client fails the
// operations still running with NETWORK_EXCEPTION ("admin client closed") and joins its thread.
#pragma once

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gregor/admin_future.h"
#include "gregor/admin_results.h"
#include "gregor/admin_types.h"
#include "gregor/config.h"
#include "gregor/errors.h"
#include "gregor/types.h"

namespace gregor {

// The options every operation takes.
struct admin_options {
  std::optional<std::chrono::milliseconds> timeout;  // default: request_timeout_ms
};

struct create_topics_options {
  std::optional<std::chrono::milliseconds> timeout;
  bool validate_only = false;  // check everything, create nothing
};

struct create_partitions_options {
  std::optional<std::chrono::milliseconds> timeout;
  bool validate_only = false;
};

struct list_topics_options {
  std::optional<std::chrono::milliseconds> timeout;
  bool list_internal = false;  // include __consumer_offsets and other internal topics
};

struct describe_configs_options {
  std::optional<std::chrono::milliseconds> timeout;
  bool include_synonyms = false;
  bool include_documentation = false;
};

struct alter_configs_options {
  std::optional<std::chrono::milliseconds> timeout;
  bool validate_only = false;
};

struct list_consumer_groups_options {
  std::optional<std::chrono::milliseconds> timeout;
  std::vector<consumer_group_state> states;  // only groups in these states (ListGroups v4+); empty: all
};

struct list_offsets_options {
  std::optional<std::chrono::milliseconds> timeout;
  bool read_committed = false;  // latest = the last stable offset instead of the high watermark
};

class kafka_admin_client {
 public:
  // Throws config_error for an unknown setting or an invalid value.
  explicit kafka_admin_client(const config& cfg);
  ~kafka_admin_client();
  kafka_admin_client(const kafka_admin_client&) = delete;
  kafka_admin_client& operator=(const kafka_admin_client&) = delete;

  // ---- topics --------------------------------------------------------------------------------

  // Creates topics; per topic: TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR,
  // INVALID_CONFIG, INVALID_TOPIC_EXCEPTION, INVALID_REPLICA_ASSIGNMENT, ...
  admin_results<std::string, created_topic> create_topics(std::vector<new_topic> topics,
                                                          create_topics_options options = {});
  // Deletes topics; UNKNOWN_TOPIC_OR_PARTITION for one that does not exist.
  admin_results<std::string, void> delete_topics(std::vector<std::string> topics, admin_options options = {});
  // Every topic's name, id and whether it is internal, sorted by name.
  admin_future<std::vector<topic_listing>> list_topics(list_topics_options options = {});
  // Partitions, leaders, replicas and ISRs from a fresh Metadata answer.
  admin_results<std::string, topic_description> describe_topics(std::vector<std::string> topics,
                                                                admin_options options = {});
  // Grows topics to a new total partition count; INVALID_PARTITIONS when it is not larger.
  admin_results<std::string, void> create_partitions(std::map<std::string, new_partitions> topics,
                                                     create_partitions_options options = {});

  // ---- configs -------------------------------------------------------------------------------

  admin_results<config_resource, config_description> describe_configs(std::vector<config_resource> resources,
                                                                      describe_configs_options options = {});
  // Legacy AlterConfigs: replaces the resource's whole set of overrides with `configs`.
  admin_results<config_resource, void> alter_configs(std::map<config_resource, std::map<std::string, std::string>> configs,
                                                     alter_configs_options options = {});
  // IncrementalAlterConfigs: SET/DELETE/APPEND/SUBTRACT single configs, all-or-nothing per resource.
  admin_results<config_resource, void> incremental_alter_configs(
      std::map<config_resource, std::vector<alter_config_op>> changes, alter_configs_options options = {});

  // ---- cluster -------------------------------------------------------------------------------

  admin_future<cluster_description> describe_cluster(admin_options options = {});

  // ---- consumer groups -----------------------------------------------------------------------

  // Every group on every broker.
  admin_future<std::vector<consumer_group_listing>> list_consumer_groups(
      list_consumer_groups_options options = {});
  // State, protocol, members with their decoded assignments, coordinator. A group that does not
  // exist is described in state dead with no members (as Kafka does).
  admin_results<std::string, consumer_group_description> describe_consumer_groups(std::vector<std::string> group_ids,
                                                                                  admin_options options = {});
  // The group's committed offsets, of `partitions` or (nullopt) of every partition it committed.
  // Partitions without a committed offset are left out.
  admin_future<std::map<topic_partition, offset_and_metadata>> list_consumer_group_offsets(
      std::string group_id, std::optional<std::vector<topic_partition>> partitions = std::nullopt,
      admin_options options = {});
  // Commits offsets for a group from outside it; the group must be empty (UNKNOWN_MEMBER_ID
  // while it has members). A group that does not exist is created as a simple group.
  admin_results<topic_partition, void> alter_consumer_group_offsets(std::string group_id,
                                                                    std::map<topic_partition, offset_and_metadata> offsets,
                                                                    admin_options options = {});
  // OffsetDelete (KIP-496): GROUP_ID_NOT_FOUND, GROUP_SUBSCRIBED_TO_TOPIC for a topic the
  // group's members consume.
  admin_results<topic_partition, void> delete_consumer_group_offsets(std::string group_id,
                                                                     std::vector<topic_partition> partitions,
                                                                     admin_options options = {});
  // Deletes empty groups and their offsets: GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP.
  admin_results<std::string, void> delete_consumer_groups(std::vector<std::string> group_ids,
                                                          admin_options options = {});

  // ---- records and offsets -------------------------------------------------------------------

  // Deletes every record before the given offset (-1: the high watermark) of each partition and
  // returns the new low watermarks; OFFSET_OUT_OF_RANGE beyond the high watermark.
  admin_results<topic_partition, deleted_records> delete_records(std::map<topic_partition, int64_t> before_offsets,
                                                                  admin_options options = {});
  admin_results<topic_partition, listed_offset> list_offsets(std::map<topic_partition, offset_spec> specs,
                                                             list_offsets_options options = {});

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace gregor
