// LeaveGroup (key 13): members leave a group
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct leave_group_request {
  static constexpr std::string_view name = "LeaveGroupRequest";
  static constexpr int16_t api_key = 13;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(4);

  struct member_identity {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::optional<std::string> reason;

    using self = member_identity;
    static constexpr auto fields() {
      return std::tuple{
          field("member_id", &self::member_id, since(3)),
          field("group_instance_id", &self::group_instance_id, since(3), since(3)),
          field("reason", &self::reason, since(5), since(5)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::string group_id;
  std::string member_id;
  std::vector<member_identity> members;

  using self = leave_group_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, since(0)),
        field("member_id", &self::member_id, between(0, 2)),
        field("members", &self::members, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct leave_group_response {
  static constexpr std::string_view name = "LeaveGroupResponse";
  static constexpr int16_t api_key = 13;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(4);

  struct member_response {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    int16_t error_code{};

    using self = member_response;
    static constexpr auto fields() {
      return std::tuple{
          field("member_id", &self::member_id, since(3)),
          field("group_instance_id", &self::group_instance_id, since(3), since(3)),
          field("error_code", &self::error_code, since(3)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  std::vector<member_response> members;

  using self = leave_group_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("error_code", &self::error_code, since(0)),
        field("members", &self::members, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
