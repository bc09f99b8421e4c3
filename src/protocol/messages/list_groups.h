// ListGroups (key 16): groups known to the coordinator
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct list_groups_request {
  static constexpr std::string_view name = "ListGroupsRequest";
  static constexpr int16_t api_key = 16;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(3);

  std::vector<std::string> states_filter;
  std::vector<std::string> types_filter;

  using self = list_groups_request;
  static constexpr auto fields() {
    return std::tuple{
        field("states_filter", &self::states_filter, since(4)),
        field("types_filter", &self::types_filter, since(5)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct list_groups_response {
  static constexpr std::string_view name = "ListGroupsResponse";
  static constexpr int16_t api_key = 16;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(3);

  struct listed_group {
    std::string group_id;
    std::string protocol_type;
    std::string group_state;
    std::string group_type;

    using self = listed_group;
    static constexpr auto fields() {
      return std::tuple{
          field("group_id", &self::group_id, since(0)),
          field("protocol_type", &self::protocol_type, since(0)),
          field("group_state", &self::group_state, since(4)),
          field("group_type", &self::group_type, since(5)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  std::vector<listed_group> groups;

  using self = list_groups_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("error_code", &self::error_code, since(0)),
        field("groups", &self::groups, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
