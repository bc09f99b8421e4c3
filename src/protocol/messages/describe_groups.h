// DescribeGroups (key 15): state, protocol and members of groups
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct describe_groups_request {
  static constexpr std::string_view name = "DescribeGroupsRequest";
  static constexpr int16_t api_key = 15;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(5);

  std::vector<std::string> groups;
  bool include_authorized_operations{};

  using self = describe_groups_request;
  static constexpr auto fields() {
    return std::tuple{
        field("groups", &self::groups, since(0)),
        field("include_authorized_operations", &self::include_authorized_operations, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct describe_groups_response {
  static constexpr std::string_view name = "DescribeGroupsResponse";
  static constexpr int16_t api_key = 15;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(5);

  struct described_group {
    struct described_group_member {
      std::string member_id;
      std::optional<std::string> group_instance_id;
      std::string client_id;
      std::string client_host;
      shared_bytes member_metadata;
      shared_bytes member_assignment;

      using self = described_group_member;
      static constexpr auto fields() {
        return std::tuple{
            field("member_id", &self::member_id, since(0)),
            field("group_instance_id", &self::group_instance_id, since(4), since(4)),
            field("client_id", &self::client_id, since(0)),
            field("client_host", &self::client_host, since(0)),
            field("member_metadata", &self::member_metadata, since(0)),
            field("member_assignment", &self::member_assignment, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    int16_t error_code{};
    std::string group_id;
    std::string group_state;
    std::string protocol_type;
    std::string protocol_data;
    std::vector<described_group_member> members;
    int32_t authorized_operations{-2147483648};

    using self = described_group;
    static constexpr auto fields() {
      return std::tuple{
          field("error_code", &self::error_code, since(0)),
          field("group_id", &self::group_id, since(0)),
          field("group_state", &self::group_state, since(0)),
          field("protocol_type", &self::protocol_type, since(0)),
          field("protocol_data", &self::protocol_data, since(0)),
          field("members", &self::members, since(0)),
          field("authorized_operations", &self::authorized_operations, since(3)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<described_group> groups;

  using self = describe_groups_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("groups", &self::groups, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
