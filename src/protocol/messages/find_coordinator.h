// FindCoordinator (key 10): find the group or transaction coordinator of keys
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct find_coordinator_request {
  static constexpr std::string_view name = "FindCoordinatorRequest";
  static constexpr int16_t api_key = 10;
  static constexpr versions valid = between(0, 6);
  static constexpr versions flexible = since(3);

  std::string key;
  int8_t key_type{0};
  std::vector<std::string> coordinator_keys;

  using self = find_coordinator_request;
  static constexpr auto fields() {
    return std::tuple{
        field("key", &self::key, between(0, 3)),
        field("key_type", &self::key_type, since(1)),
        field("coordinator_keys", &self::coordinator_keys, since(4)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct find_coordinator_response {
  static constexpr std::string_view name = "FindCoordinatorResponse";
  static constexpr int16_t api_key = 10;
  static constexpr versions valid = between(0, 6);
  static constexpr versions flexible = since(3);

  struct coordinator {
    std::string key;
    int32_t node_id{};
    std::string host;
    int32_t port{};
    int16_t error_code{};
    std::optional<std::string> error_message;

    using self = coordinator;
    static constexpr auto fields() {
      return std::tuple{
          field("key", &self::key, since(4)),
          field("node_id", &self::node_id, since(4)),
          field("host", &self::host, since(4)),
          field("port", &self::port, since(4)),
          field("error_code", &self::error_code, since(4)),
          field("error_message", &self::error_message, since(4), since(4)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  std::optional<std::string> error_message;
  int32_t node_id{};
  std::string host;
  int32_t port{};
  std::vector<coordinator> coordinators;

  using self = find_coordinator_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("error_code", &self::error_code, between(0, 3)),
        field("error_message", &self::error_message, between(1, 3), between(1, 3)),
        field("node_id", &self::node_id, between(0, 3)),
        field("host", &self::host, between(0, 3)),
        field("port", &self::port, between(0, 3)),
        field("coordinators", &self::coordinators, since(4)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
