// JoinGroup (key 11): join a consumer group, wait for the rebalance
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct join_group_request {
  static constexpr std::string_view name = "JoinGroupRequest";
  static constexpr int16_t api_key = 11;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(6);

  struct protocol {
    std::string name;
    shared_bytes metadata;

    using self = protocol;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("metadata", &self::metadata, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::string group_id;
  int32_t session_timeout_ms{};
  int32_t rebalance_timeout_ms{-1};
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string protocol_type;
  std::vector<protocol> protocols;
  std::optional<std::string> reason;

  using self = join_group_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, since(0)),
        field("session_timeout_ms", &self::session_timeout_ms, since(0)),
        field("rebalance_timeout_ms", &self::rebalance_timeout_ms, since(1)),
        field("member_id", &self::member_id, since(0)),
        field("group_instance_id", &self::group_instance_id, since(5), since(5)),
        field("protocol_type", &self::protocol_type, since(0)),
        field("protocols", &self::protocols, since(0)),
        field("reason", &self::reason, since(8), since(8)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct join_group_response {
  static constexpr std::string_view name = "JoinGroupResponse";
  static constexpr int16_t api_key = 11;
  static constexpr versions valid = between(0, 9);
  static constexpr versions flexible = since(6);

  struct member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    shared_bytes metadata;

    using self = member;
    static constexpr auto fields() {
      return std::tuple{
          field("member_id", &self::member_id, since(0)),
          field("group_instance_id", &self::group_instance_id, since(5), since(5)),
          field("metadata", &self::metadata, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  int32_t generation_id{-1};
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::string leader;
  bool skip_assignment{false};
  std::string member_id;
  std::vector<member> members;

  using self = join_group_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(2)),
        field("error_code", &self::error_code, since(0)),
        field("generation_id", &self::generation_id, since(0)),
        field("protocol_type", &self::protocol_type, since(7), since(7)),
        field("protocol_name", &self::protocol_name, since(0), since(7)),
        field("leader", &self::leader, since(0)),
        field("skip_assignment", &self::skip_assignment, since(9)),
        field("member_id", &self::member_id, since(0)),
        field("members", &self::members, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
