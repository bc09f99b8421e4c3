// DeleteGroups (key 42): delete empty groups and their offsets
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct delete_groups_request {
  static constexpr std::string_view name = "DeleteGroupsRequest";
  static constexpr int16_t api_key = 42;
  static constexpr versions valid = between(0, 2);
  static constexpr versions flexible = since(2);

  std::vector<std::string> groups_names;

  using self = delete_groups_request;
  static constexpr auto fields() {
    return std::tuple{
        field("groups_names", &self::groups_names, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct delete_groups_response {
  static constexpr std::string_view name = "DeleteGroupsResponse";
  static constexpr int16_t api_key = 42;
  static constexpr versions valid = between(0, 2);
  static constexpr versions flexible = since(2);

  struct deletable_group_result {
    std::string group_id;
    int16_t error_code{};

    using self = deletable_group_result;
    static constexpr auto fields() {
      return std::tuple{
          field("group_id", &self::group_id, since(0)),
          field("error_code", &self::error_code, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<deletable_group_result> results;

  using self = delete_groups_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("results", &self::results, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
