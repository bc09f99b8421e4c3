// AlterConfigs (key 33): replaces a resource's whole set of dynamic configs.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct alter_configs_request {
  static constexpr std::string_view name = "AlterConfigsRequest";
  static constexpr int16_t api_key = 33;
  static constexpr versions valid = between(0, 2);
  static constexpr versions flexible = since(2);

  struct alter_configs_resource {
    struct alterable_config {
      std::string name;
      std::optional<std::string> value;

      using self = alterable_config;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(0)),
            field("value", &self::value, since(0), since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    int8_t resource_type{};
    std::string resource_name;
    std::vector<alterable_config> configs;

    using self = alter_configs_resource;
    static constexpr auto fields() {
      return std::tuple{
          field("resource_type", &self::resource_type, since(0)),
          field("resource_name", &self::resource_name, since(0)),
          field("configs", &self::configs, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<alter_configs_resource> resources;
  bool validate_only{};

  using self = alter_configs_request;
  static constexpr auto fields() {
    return std::tuple{
        field("resources", &self::resources, since(0)),
        field("validate_only", &self::validate_only, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct alter_configs_response {
  static constexpr std::string_view name = "AlterConfigsResponse";
  static constexpr int16_t api_key = 33;
  static constexpr versions valid = between(0, 2);
  static constexpr versions flexible = since(2);

  struct alter_configs_resource_response {
    int16_t error_code{};
    std::optional<std::string> error_message;
    int8_t resource_type{};
    std::string resource_name;

    using self = alter_configs_resource_response;
    static constexpr auto fields() {
      return std::tuple{
          field("error_code", &self::error_code, since(0)),
          field("error_message", &self::error_message, since(0), since(0)),
          field("resource_type", &self::resource_type, since(0)),
          field("resource_name", &self::resource_name, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<alter_configs_resource_response> responses;

  using self = alter_configs_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("responses", &self::responses, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
