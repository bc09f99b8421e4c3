// Value types of gregor::kafka_admin_client: what its operations take and what they describe.
//
// Field names follow Kafka's admin API (and kafka-python's KafkaAdminClient where it has one);
// numbers such as config sources and resource types are the protocol's.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/uuid.h"
#include "gregor/types.h"

namespace gregor {

// A broker as the cluster announces it.
struct cluster_node {
  int32_t id = -1;
  std::string host;
  int32_t port = -1;
  std::optional<std::string> rack;

  friend bool operator==(const cluster_node&, const cluster_node&) = default;
};

struct cluster_description {
  std::string cluster_id;
  std::optional<cluster_node> controller;  // nullopt when the cluster names none
  std::vector<cluster_node> nodes;         // sorted by id
};

// ---- topics -------------------------------------------------------------------------------------

// A topic to create. Give either num_partitions/replication_factor (-1: the broker's
// num.partitions / default.replication.factor) or replica_assignments (partition -> broker ids,
// covering partitions 0..n-1), not both.
struct new_topic {
  std::string name;
  int32_t num_partitions = -1;
  int16_t replication_factor = -1;
  std::map<int32_t, std::vector<int32_t>> replica_assignments;
  std::map<std::string, std::string> configs;  // topic config overrides, e.g. cleanup.policy
};

// Where a config value comes from (DescribeConfigs ConfigSource).
enum class config_source : int8_t {
  unknown = 0,
  dynamic_topic_config = 1,
  dynamic_broker_config = 2,
  dynamic_default_broker_config = 3,
  static_broker_config = 4,
  default_config = 5,
  dynamic_broker_logger_config = 6,
  client_metrics_config = 7,
  group_config = 8,
};

// A config's data type (DescribeConfigs v3+; unknown before).
enum class config_type : int8_t {
  unknown = 0,
  boolean = 1,
  string = 2,
  int32 = 3,    // INT
  int16 = 4,    // SHORT
  int64 = 5,    // LONG
  float64 = 6,  // DOUBLE
  list = 7,
  class_name = 8,  // CLASS
  password = 9,
};

struct config_synonym {
  std::string name;
  std::optional<std::string> value;
  config_source source = config_source::unknown;
};

struct config_entry {
  std::string name;
  std::optional<std::string> value;  // nullopt for sensitive configs and unset ones
  config_source source = config_source::unknown;
  bool read_only = false;
  bool is_default = false;
  bool is_sensitive = false;
  std::vector<config_synonym> synonyms;  // with describe_configs_options::include_synonyms
  config_type type = config_type::unknown;
  std::optional<std::string> documentation;  // with describe_configs_options::include_documentation
};

struct config_description {
  std::vector<config_entry> entries;

  // The entry named `name`, or nullptr.
  const config_entry* find(std::string_view name) const {
    for (const auto& e : entries)
      if (e.name == name) return &e;
    return nullptr;
  }
};

// What CreateTopics reports for a created (or, with validate_only, validated) topic.
struct created_topic {
  std::string name;
  uuid topic_id;                   // zero with validate_only or before CreateTopics v7
  int32_t num_partitions = -1;     // -1 before CreateTopics v5
  int16_t replication_factor = -1;
  std::vector<config_entry> configs;  // the effective configs (CreateTopics v5+)
};

struct topic_listing {
  std::string name;
  uuid topic_id;
  bool internal = false;
};

struct partition_description {
  int32_t partition = 0;
  int32_t leader = -1;  // broker id, -1 while there is no leader
  int32_t leader_epoch = -1;
  std::vector<int32_t> replicas;
  std::vector<int32_t> isr;
  std::vector<int32_t> offline_replicas;
};

struct topic_description {
  std::string name;
  uuid topic_id;
  bool internal = false;
  std::vector<partition_description> partitions;  // indexed by partition number
};

// The new total partition count of a topic, and optionally the brokers of each added partition.
struct new_partitions {
  int32_t total_count = 0;
  std::vector<std::vector<int32_t>> assignments;  // empty: the controller places them
};

// ---- configs ------------------------------------------------------------------------------------

enum class config_resource_type : int8_t { unknown = 0, topic = 2, broker = 4, broker_logger = 8 };

// A topic (name = topic) or a broker (name = its id; "" for the cluster-wide default).
struct config_resource {
  config_resource_type type = config_resource_type::topic;
  std::string name;

  friend auto operator<=>(const config_resource&, const config_resource&) = default;
  friend bool operator==(const config_resource&, const config_resource&) = default;
};

// IncrementalAlterConfigs operations (KIP-339).
enum class alter_config_op_type : int8_t {
  set = 0,       // SET: give the config this value
  delete_ = 1,   // DELETE: remove the override (back to the default); `delete` is a C++ keyword
  append = 2,    // APPEND: add to a list config
  subtract = 3,  // SUBTRACT: remove from a list config
};

struct alter_config_op {
  std::string name;
  alter_config_op_type op = alter_config_op_type::set;
  std::optional<std::string> value;  // unused by delete_
};

// ---- consumer groups ----------------------------------------------------------------------------

enum class consumer_group_state { unknown, preparing_rebalance, completing_rebalance, stable, dead, empty };

// Kafka's spelling ("Stable", "PreparingRebalance", ...) and back (unknown for anything else).
std::string_view to_string(consumer_group_state state);
consumer_group_state parse_consumer_group_state(std::string_view text);

struct consumer_group_listing {
  std::string group_id;
  std::string protocol_type;                 // "consumer"; empty for groups that only commit offsets
  std::optional<consumer_group_state> state;  // ListGroups v4+

  bool is_simple_consumer_group() const { return protocol_type.empty(); }
};

struct member_description {
  std::string member_id;
  std::optional<std::string> group_instance_id;  // static members (KIP-345)
  std::string client_id;
  std::string host;
  std::vector<std::string> subscription;  // topics from the member's "consumer" metadata
  std::vector<topic_partition> assignment;  // sorted; empty while rebalancing
};

struct consumer_group_description {
  std::string group_id;
  std::string protocol_type;  // empty for a simple group (offsets only)
  std::string protocol;       // the chosen assignor, e.g. "range"
  consumer_group_state state = consumer_group_state::unknown;
  std::vector<member_description> members;
  cluster_node coordinator;

  bool is_simple_consumer_group() const { return protocol_type.empty(); }
};

// ---- records and offsets ------------------------------------------------------------------------

struct deleted_records {
  int64_t low_watermark = -1;  // the partition's new log start offset
};

// Which offset list_offsets looks up for a partition.
class offset_spec {
 public:
  static offset_spec earliest() { return offset_spec(-2); }
  static offset_spec latest() { return offset_spec(-1); }
  // The offset of the record with the largest timestamp (ListOffsets v7+, KIP-734).
  static offset_spec max_timestamp() { return offset_spec(-3); }
  // The first offset whose timestamp is at or after `timestamp_ms`.
  static offset_spec for_timestamp(int64_t timestamp_ms) { return offset_spec(timestamp_ms); }

  // The value ListOffsets carries: -2 earliest, -1 latest, -3 max timestamp, else a timestamp.
  int64_t wire_timestamp() const { return value_; }

 private:
  explicit offset_spec(int64_t value) : value_(value) {}
  int64_t value_;
};

struct listed_offset {
  int64_t offset = -1;     // -1 when no record matches a timestamp
  int64_t timestamp = -1;  // the record's timestamp, -1 for earliest/latest
  int32_t leader_epoch = -1;
};

}  // namespace gregor
