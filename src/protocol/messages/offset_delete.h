// OffsetDelete (key 47): delete committed offsets of an empty-subscribed topic
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct offset_delete_request {
  static constexpr std::string_view name = "OffsetDeleteRequest";
  static constexpr int16_t api_key = 47;
  static constexpr versions valid = between(0, 0);
  static constexpr versions flexible = never;

  struct topic {
    struct partition {
      int32_t partition_index{};

      using self = partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
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
  std::vector<topic> topics;

  using self = offset_delete_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, since(0)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct offset_delete_response {
  static constexpr std::string_view name = "OffsetDeleteResponse";
  static constexpr int16_t api_key = 47;
  static constexpr versions valid = between(0, 0);
  static constexpr versions flexible = never;

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

  int16_t error_code{};
  int32_t throttle_time_ms{};
  std::vector<topic> topics;

  using self = offset_delete_response;
  static constexpr auto fields() {
    return std::tuple{
        field("error_code", &self::error_code, since(0)),
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
