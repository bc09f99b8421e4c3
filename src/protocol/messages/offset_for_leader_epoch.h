// OffsetForLeaderEpoch (key 23): the end offset of a leader epoch, for log truncation and consumer validation.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct offset_for_leader_epoch_request {
  static constexpr std::string_view name = "OffsetForLeaderEpochRequest";
  static constexpr int16_t api_key = 23;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(4);

  struct offset_for_leader_topic {
    struct offset_for_leader_partition {
      int32_t partition{};
      int32_t current_leader_epoch{-1};
      int32_t leader_epoch{};

      using self = offset_for_leader_partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition", &self::partition, since(0)),
            field("current_leader_epoch", &self::current_leader_epoch, since(2)),
            field("leader_epoch", &self::leader_epoch, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string topic;
    std::vector<offset_for_leader_partition> partitions;

    using self = offset_for_leader_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("topic", &self::topic, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t replica_id{-2};
  std::vector<offset_for_leader_topic> topics;

  using self = offset_for_leader_epoch_request;
  static constexpr auto fields() {
    return std::tuple{
        field("replica_id", &self::replica_id, since(3)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct offset_for_leader_epoch_response {
  static constexpr std::string_view name = "OffsetForLeaderEpochResponse";
  static constexpr int16_t api_key = 23;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(4);

  struct offset_for_leader_topic_result {
    struct epoch_end_offset {
      int16_t error_code{};
      int32_t partition{};
      int32_t leader_epoch{-1};
      int64_t end_offset{-1};

      using self = epoch_end_offset;
      static constexpr auto fields() {
        return std::tuple{
            field("error_code", &self::error_code, since(0)),
            field("partition", &self::partition, since(0)),
            field("leader_epoch", &self::leader_epoch, since(1)),
            field("end_offset", &self::end_offset, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string topic;
    std::vector<epoch_end_offset> partitions;

    using self = offset_for_leader_topic_result;
    static constexpr auto fields() {
      return std::tuple{
          field("topic", &self::topic, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<offset_for_leader_topic_result> topics;

  using self = offset_for_leader_epoch_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(2)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
