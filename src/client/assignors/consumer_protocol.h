// consumer_protocol: the "consumer" embedded protocol carried opaquely by JoinGroup (member
// metadata) and SyncGroup (member assignment). Kafka's ConsumerProtocolSubscription and
// ConsumerProtocolAssignment specs define it; consumer_protocol_spec_test checks us against them.
//
//   Subscription := version:int16 Topics:[string] UserData:nullable bytes
//                   OwnedPartitions:[Topic:string Partitions:[int32]]   (v1+)
//                   GenerationId:int32                                  (v2+, default -1)
//                   RackId:nullable string                              (v3+)
//   Assignment   := version:int16 AssignedPartitions:[Topic:string Partitions:[int32]]
//                   UserData:nullable bytes
//
// Never flexible (classic int16/int32 lengths). A version newer than we know is read with the
// newest layout we know, as Kafka's clients do: later versions may only append fields.
// The field tables below go through the generic protocol codec. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/shared_bytes.h"
#include "client/assignors/topic_partition.h"
#include "protocol/codec/message_prelude.h"

namespace gregor::client {

// One topic's partitions, as both halves of the protocol list them.
struct consumer_topic_partitions {
  std::string topic;
  std::vector<int32_t> partitions;

  using self = consumer_topic_partitions;
  static constexpr auto fields() {
    using protocol::field, protocol::since;
    return std::tuple{field("topic", &self::topic, since(0)), field("partitions", &self::partitions, since(0))};
  }
  friend bool operator==(const self&, const self&) = default;
};

struct consumer_subscription {
  static constexpr int16_t latest_version = 3;

  int16_t version = latest_version;  // as read; encode takes the version separately
  std::vector<std::string> topics;
  std::optional<shared_bytes> user_data;
  std::vector<consumer_topic_partitions> owned_partitions;
  int32_t generation_id = -1;
  std::optional<std::string> rack_id;

  using self = consumer_subscription;
  static constexpr auto fields() {
    using protocol::field, protocol::since;
    return std::tuple{
        field("topics", &self::topics, since(0)),
        field("user_data", &self::user_data, since(0), since(0)),
        field("owned_partitions", &self::owned_partitions, since(1)),
        field("generation_id", &self::generation_id, since(2)),
        field("rack_id", &self::rack_id, since(3), since(3)),
    };
  }
};

struct consumer_assignment {
  static constexpr int16_t latest_version = 3;

  int16_t version = latest_version;
  std::vector<consumer_topic_partitions> assigned_partitions;
  std::optional<shared_bytes> user_data;

  using self = consumer_assignment;
  static constexpr auto fields() {
    using protocol::field, protocol::since;
    return std::tuple{
        field("assigned_partitions", &self::assigned_partitions, since(0)),
        field("user_data", &self::user_data, since(0), since(0)),
    };
  }
};

shared_bytes encode_subscription(const consumer_subscription& s, int16_t version = consumer_subscription::latest_version);
// nullopt when the bytes are not a subscription (negative version, truncated, bad lengths).
std::optional<consumer_subscription> decode_subscription(const shared_bytes& bytes);

shared_bytes encode_assignment(const consumer_assignment& a, int16_t version = consumer_assignment::latest_version);
// Zero bytes decode as an empty assignment: a leader may send nothing to a member it gave nothing.
std::optional<consumer_assignment> decode_assignment(const shared_bytes& bytes);

// Between the wire's per-topic lists and flat, sorted topic_partition lists.
std::vector<topic_partition> flatten(const std::vector<consumer_topic_partitions>& by_topic);
std::vector<consumer_topic_partitions> group_by_topic(std::vector<topic_partition> partitions);

}  // namespace gregor::client
