// OffsetFetch (key 9): read committed offsets of groups
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct offset_fetch_request {
  static constexpr std::string_view name = "OffsetFetchRequest";
  static constexpr int16_t api_key = 9;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(6);

  struct topic {
    std::string name;
    std::vector<int32_t> partition_indexes;

    using self = topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, between(0, 7)),
          field("partition_indexes", &self::partition_indexes, between(0, 7)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct group {
    struct topics_data {
      std::string name;
      std::vector<int32_t> partition_indexes;

      using self = topics_data;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(8)),
            field("partition_indexes", &self::partition_indexes, since(8)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string group_id;
    std::optional<std::string> member_id;
    int32_t member_epoch{-1};
    std::optional<std::vector<topics_data>> topics;

    using self = group;
    static constexpr auto fields() {
      return std::tuple{
          field("group_id", &self::group_id, since(8)),
          field("member_id", &self::member_id, since(9), since(9)),
          field("member_epoch", &self::member_epoch, since(9)),
          field("topics", &self::topics, since(8), since(8)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::string group_id;
  std::optional<std::vector<topic>> topics;
  std::vector<group> groups;
  bool require_stable{false};

  using self = offset_fetch_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, between(0, 7)),
        field("topics", &self::topics, between(0, 7), between(2, 7)),
        field("groups", &self::groups, since(8)),
        field("require_stable", &self::require_stable, since(7)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct offset_fetch_response {
  static constexpr std::string_view name = "OffsetFetchResponse";
  static constexpr int16_t api_key = 9;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(6);

  struct topic {
    struct partition {
      int32_t partition_index{};
      int64_t committed_offset{};
      int32_t committed_leader_epoch{-1};
      std::optional<std::string> metadata;
      int16_t error_code{};

      using self = partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, between(0, 7)),
            field("committed_offset", &self::committed_offset, between(0, 7)),
            field("committed_leader_epoch", &self::committed_leader_epoch, between(5, 7)),
            field("metadata", &self::metadata, between(0, 7), between(0, 7)),
            field("error_code", &self::error_code, between(0, 7)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<partition> partitions;

    using self = topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, between(0, 7)),
          field("partitions", &self::partitions, between(0, 7)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct group {
    struct topics_data {
      struct partitions_data {
        int32_t partition_index{};
        int64_t committed_offset{};
        int32_t committed_leader_epoch{-1};
        std::optional<std::string> metadata;
        int16_t error_code{};

        using self = partitions_data;
        static constexpr auto fields() {
          return std::tuple{
              field("partition_index", &self::partition_index, since(8)),
              field("committed_offset", &self::committed_offset, since(8)),
              field("committed_leader_epoch", &self::committed_leader_epoch, since(8)),
              field("metadata", &self::metadata, since(8), since(8)),
              field("error_code", &self::error_code, since(8)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      std::string name;
      std::vector<partitions_data> partitions;

      using self = topics_data;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(8)),
            field("partitions", &self::partitions, since(8)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string group_id;
    std::vector<topics_data> topics;
    int16_t error_code{0};

    using self = group;
    static constexpr auto fields() {
      return std::tuple{
          field("group_id", &self::group_id, since(8)),
          field("topics", &self::topics, since(8)),
          field("error_code", &self::error_code, since(8)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<topic> topics;
  int16_t error_code{0};
  std::vector<group> groups;

  using self = offset_fetch_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(3)),
        field("topics", &self::topics, between(0, 7)),
        field("error_code", &self::error_code, between(2, 7)),
        field("groups", &self::groups, since(8)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
