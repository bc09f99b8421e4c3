// Heartbeat (key 12): a member stays alive and learns of rebalances
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct heartbeat_request {
  static constexpr std::string_view name = "HeartbeatRequest";
  static constexpr int16_t api_key = 12;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(4);

  std::string group_id;
  int32_t generation_id{};
  std::string member_id;
  std::optional<std::string> group_instance_id;

  using self = heartbeat_request;
  static constexpr auto fields() {
    return std::tuple{
        field("group_id", &self::group_id, since(0)),
        field("generation_id", &self::generation_id, since(0)),
        field("member_id", &self::member_id, since(0)),
        field("group_instance_id", &self::group_instance_id, since(3), since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct heartbeat_response {
  static constexpr std::string_view name = "HeartbeatResponse";
  static constexpr int16_t api_key = 12;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(4);

  int32_t throttle_time_ms{};
  int16_t error_code{};

  using self = heartbeat_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("error_code", &self::error_code, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
