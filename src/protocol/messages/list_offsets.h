// ListOffsets (key 2): offsets by time: earliest, latest, max timestamp, or the first at or after a timestamp.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct list_offsets_request {
  static constexpr std::string_view name = "ListOffsetsRequest";
  static constexpr int16_t api_key = 2;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(6);

  struct list_offsets_topic {
    struct list_offsets_partition {
      int32_t partition_index{};
      int32_t current_leader_epoch{-1};
      int64_t timestamp{};
      int32_t max_num_offsets{1};

      using self = list_offsets_partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("current_leader_epoch", &self::current_leader_epoch, since(4)),
            field("timestamp", &self::timestamp, since(0)),
            field("max_num_offsets", &self::max_num_offsets, between(0, 0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<list_offsets_partition> partitions;

    using self = list_offsets_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t replica_id{};
  int8_t isolation_level{};
  std::vector<list_offsets_topic> topics;

  using self = list_offsets_request;
  static constexpr auto fields() {
    return std::tuple{
        field("replica_id", &self::replica_id, since(0)),
        field("isolation_level", &self::isolation_level, since(2)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct list_offsets_response {
  static constexpr std::string_view name = "ListOffsetsResponse";
  static constexpr int16_t api_key = 2;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(6);

  struct list_offsets_topic_response {
    struct list_offsets_partition_response {
      int32_t partition_index{};
      int16_t error_code{};
      std::vector<int64_t> old_style_offsets;
      int64_t timestamp{-1};
      int64_t offset{-1};
      int32_t leader_epoch{-1};

      using self = list_offsets_partition_response;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("error_code", &self::error_code, since(0)),
            field("old_style_offsets", &self::old_style_offsets, between(0, 0)),
            field("timestamp", &self::timestamp, since(1)),
            field("offset", &self::offset, since(1)),
            field("leader_epoch", &self::leader_epoch, since(4)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<list_offsets_partition_response> partitions;

    using self = list_offsets_topic_response;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<list_offsets_topic_response> topics;

  using self = list_offsets_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(2)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
