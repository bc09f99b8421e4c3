// OffsetCommit (key 8): commit consumed offsets for a group
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct offset_commit_request {
  static constexpr std::string_view name = "OffsetCommitRequest";
  static constexpr int16_t api_key = 8;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(8);

  struct topic {
    struct partition {
      int32_t partition_index{};
      int64_t committed_offset{};
      int32_t committed_leader_epoch{-1};
      int64_t commit_timestamp{-1};
      std::optional<std::string> committed_metadata;

      using self = partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("committed_offset", &self::committed_offset, since(0)),
            field("committed_leader_epoch", &self::committed_leader_epoch, since(6)),
            field("commit_timestamp", &self::commit_timestamp, between(1, 1)),
            field("committed_metadata", &self::committed_metadata, since(0), since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<partition> partitions;

    using self = topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::string group_id;
  int32_t generation_id_or_member_epoch{-1};
  std::string member_id;
  std::optional<std::string> group_instance_id;
  int64_t retention_time_ms{-1};
  std::vector<topic> topics;

  using self = offset_commit_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, since(0)),
        field("generation_id_or_member_epoch", &self::generation_id_or_member_epoch, since(1)),
        field("member_id", &self::member_id, since(1)),
        field("group_instance_id", &self::group_instance_id, since(7), since(7)),
        field("retention_time_ms", &self::retention_time_ms, between(2, 4)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct offset_commit_response {
  static constexpr std::string_view name = "OffsetCommitResponse";
  static constexpr int16_t api_key = 8;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(8);

  struct topic {
    struct partition {
      int32_t partition_index{};
      int16_t error_code{};

      using self = partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("error_code", &self::error_code, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<partition> partitions;

    using self = topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<topic> topics;

  using self = offset_commit_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(3)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
