// The records the group coordinator keeps in `__consumer_offsets` (docs/consumer-groups.md).
//
// Every record has a key and a value, each starting with an int16 schema version:
//
//   key v0/v1  offset commit:   group string, topic string, partition int32
//   key v2     group metadata:  group string
//   value (offset commit)   v3: offset int64, leader_epoch int32, metadata string, commit_timestamp int64
//   value (group metadata)  v3: protocol_type string, generation int32, protocol string?, leader string?,
//                               current_state_timestamp int64, members [member]
//       member: member_id, group_instance_id?, client_id, client_host string,
//               rebalance_timeout int32, session_timeout int32, subscription bytes, assignment bytes
//
// These are the layouts Apache Kafka writes, so `__consumer_offsets` dumps read the same. A null
// value is a tombstone: the offset (or the whole group) was deleted. The structs use the same
// declarative field tables as wire messages and go through the same codec.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "base/result.h"
#include "protocol/codec/message_prelude.h"

namespace gregor::coordinator {

// The internal topic that holds committed offsets and group metadata.
constexpr const char* offsets_topic_name = "__consumer_offsets";

using protocol::between;
using protocol::field;
using protocol::since;
using protocol::versions;

struct offset_commit_key {
  static constexpr int16_t api_key = -1;  // a record schema, not an API
  static constexpr versions valid = between(0, 1);
  static constexpr versions flexible = protocol::never;

  std::string group;
  std::string topic;
  int32_t partition{};

  using self = offset_commit_key;
  static constexpr auto fields() {
    return std::tuple{field("group", &self::group, since(0)), field("topic", &self::topic, since(0)),
                      field("partition", &self::partition, since(0))};
  }
  friend bool operator==(const self&, const self&) = default;
};

struct offset_commit_value {
  static constexpr int16_t api_key = -1;
  static constexpr versions valid = between(0, 3);
  static constexpr versions flexible = protocol::never;

  int64_t offset{};
  int32_t leader_epoch{-1};
  std::string metadata;
  int64_t commit_timestamp{};
  int64_t expire_timestamp{-1};  // v1 only

  using self = offset_commit_value;
  static constexpr auto fields() {
    return std::tuple{field("offset", &self::offset, since(0)),
                      field("leader_epoch", &self::leader_epoch, since(3)),
                      field("metadata", &self::metadata, since(0)),
                      field("commit_timestamp", &self::commit_timestamp, since(0)),
                      field("expire_timestamp", &self::expire_timestamp, between(1, 1))};
  }
  friend bool operator==(const self&, const self&) = default;
};

struct group_metadata_key {
  static constexpr int16_t api_key = -1;
  static constexpr versions valid = between(2, 2);
  static constexpr versions flexible = protocol::never;

  std::string group;

  using self = group_metadata_key;
  static constexpr auto fields() { return std::tuple{field("group", &self::group, since(0))}; }
  friend bool operator==(const self&, const self&) = default;
};

struct group_metadata_value {
  static constexpr int16_t api_key = -1;
  static constexpr versions valid = between(0, 3);
  static constexpr versions flexible = protocol::never;

  struct member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::string client_id;
    std::string client_host;
    int32_t rebalance_timeout{};
    int32_t session_timeout{};
    shared_bytes subscription;
    shared_bytes assignment;

    using self = member;
    static constexpr auto fields() {
      return std::tuple{field("member_id", &self::member_id, since(0)),
                        field("group_instance_id", &self::group_instance_id, since(3), since(3)),
                        field("client_id", &self::client_id, since(0)),
                        field("client_host", &self::client_host, since(0)),
                        field("rebalance_timeout", &self::rebalance_timeout, since(1)),
                        field("session_timeout", &self::session_timeout, since(0)),
                        field("subscription", &self::subscription, since(0)),
                        field("assignment", &self::assignment, since(0))};
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::string protocol_type;
  int32_t generation{};
  std::optional<std::string> protocol;
  std::optional<std::string> leader;
  int64_t current_state_timestamp{-1};
  std::vector<member> members;

  using self = group_metadata_value;
  static constexpr auto fields() {
    return std::tuple{field("protocol_type", &self::protocol_type, since(0)),
                      field("generation", &self::generation, since(0)),
                      field("protocol", &self::protocol, since(0), since(0)),
                      field("leader", &self::leader, since(0), since(0)),
                      field("current_state_timestamp", &self::current_state_timestamp, since(2)),
                      field("members", &self::members, since(0))};
  }
  friend bool operator==(const self&, const self&) = default;
};

// The versions Gregor writes.
constexpr int16_t offset_commit_key_version = 1;
constexpr int16_t offset_commit_value_version = 3;
constexpr int16_t group_metadata_key_version = 2;
constexpr int16_t group_metadata_value_version = 3;

shared_bytes encode_key(const offset_commit_key& key);
shared_bytes encode_key(const group_metadata_key& key);
shared_bytes encode_value(const offset_commit_value& value);
shared_bytes encode_value(const group_metadata_value& value);

// A decoded record of `__consumer_offsets`; a missing value is a tombstone.
struct offset_record {
  offset_commit_key key;
  std::optional<offset_commit_value> value;
};
struct group_record {
  group_metadata_key key;
  std::optional<group_metadata_value> value;
};
using offsets_topic_record = std::variant<offset_record, group_record>;

// Fails on an unknown key version or bytes that do not decode (such a record is skipped and logged
// when loading: Kafka ignores records it does not understand too).
result<offsets_topic_record> decode_record(const shared_bytes& key, const std::optional<shared_bytes>& value);

// The `__consumer_offsets` partition that holds a group: Java's String.hashCode of the group id,
// made non-negative by masking the sign bit, modulo the partition count. Kafka clients and tools
// rely on the same mapping, so it is Kafka's, computed on the id's UTF-16 code units.
int32_t partition_for_group(std::string_view group_id, int32_t partition_count);

}  // namespace gregor::coordinator
