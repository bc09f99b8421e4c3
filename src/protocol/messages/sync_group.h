// SyncGroup (key 14): leader distributes assignments; members receive theirs
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct sync_group_request {
  static constexpr std::string_view name = "SyncGroupRequest";
  static constexpr int16_t api_key = 14;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(4);

  struct member_assignment {
    std::string member_id;
    shared_bytes assignment;

    using self = member_assignment;
    static constexpr auto fields() {
      return std::tuple{
          field("member_id", &self::member_id, since(0)),
          field("assignment", &self::assignment, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::string group_id;
  int32_t generation_id{};
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::vector<member_assignment> assignments;

  using self = sync_group_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, since(0)),
        field("generation_id", &self::generation_id, since(0)),
        field("member_id", &self::member_id, since(0)),
        field("group_instance_id", &self::group_instance_id, since(3), since(3)),
        field("protocol_type", &self::protocol_type, since(5), since(5)),
        field("protocol_name", &self::protocol_name, since(5), since(5)),
        field("assignments", &self::assignments, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct sync_group_response {
  static constexpr std::string_view name = "SyncGroupResponse";
  static constexpr int16_t api_key = 14;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(4);

  int32_t throttle_time_ms{};
  int16_t error_code{};
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  shared_bytes assignment;

  using self = sync_group_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("error_code", &self::error_code, since(0)),
        field("protocol_type", &self::protocol_type, since(5), since(5)),
        field("protocol_name", &self::protocol_name, since(5), since(5)),
        field("assignment", &self::assignment, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
