// CreatePartitions (key 37): adds partitions to existing topics.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct create_partitions_request {
  static constexpr std::string_view name = "CreatePartitionsRequest";
  static constexpr int16_t api_key = 37;
  static constexpr versions valid = between(0, 3);
  static constexpr versions flexible = since(2);

  struct create_partitions_topic {
    struct create_partitions_assignment {
      std::vector<int32_t> broker_ids;

      using self = create_partitions_assignment;
      static constexpr auto fields() {
        return std::tuple{
            field("broker_ids", &self::broker_ids, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    int32_t count{};
    std::optional<std::vector<create_partitions_assignment>> assignments;

    using self = create_partitions_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("count", &self::count, since(0)),
          field("assignments", &self::assignments, since(0), since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<create_partitions_topic> topics;
  int32_t timeout_ms{};
  bool validate_only{};

  using self = create_partitions_request;
  static constexpr auto fields() {
    return std::tuple{
        field("topics", &self::topics, since(0)),
        field("timeout_ms", &self::timeout_ms, since(0)),
        field("validate_only", &self::validate_only, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct create_partitions_response {
  static constexpr std::string_view name = "CreatePartitionsResponse";
  static constexpr int16_t api_key = 37;
  static constexpr versions valid = between(0, 3);
  static constexpr versions flexible = since(2);

  struct create_partitions_topic_result {
    std::string name;
    int16_t error_code{};
    std::optional<std::string> error_message;

    using self = create_partitions_topic_result;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("error_code", &self::error_code, since(0)),
          field("error_message", &self::error_message, since(0), since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<create_partitions_topic_result> results;

  using self = create_partitions_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("results", &self::results, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
