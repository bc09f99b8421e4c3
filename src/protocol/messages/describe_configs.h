// DescribeConfigs (key 32): reads topic and broker configs with their sources.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct describe_configs_request {
  static constexpr std::string_view name = "DescribeConfigsRequest";
  static constexpr int16_t api_key = 32;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(4);

  struct describe_configs_resource {
    int8_t resource_type{};
    std::string resource_name;
    std::optional<std::vector<std::string>> configuration_keys;

    using self = describe_configs_resource;
    static constexpr auto fields() {
      return std::tuple{
          field("resource_type", &self::resource_type, since(0)),
          field("resource_name", &self::resource_name, since(0)),
          field("configuration_keys", &self::configuration_keys, since(0), since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<describe_configs_resource> resources;
  bool include_synonyms{false};
  bool include_documentation{false};

  using self = describe_configs_request;
  static constexpr auto fields() {
    return std::tuple{
        field("resources", &self::resources, since(0)),
        field("include_synonyms", &self::include_synonyms, since(1)),
        field("include_documentation", &self::include_documentation, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct describe_configs_response {
  static constexpr std::string_view name = "DescribeConfigsResponse";
  static constexpr int16_t api_key = 32;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(4);

  struct describe_configs_result {
    struct describe_configs_resource_result {
      struct describe_configs_synonym {
        std::string name;
        std::optional<std::string> value;
        int8_t source{};

        using self = describe_configs_synonym;
        static constexpr auto fields() {
          return std::tuple{
              field("name", &self::name, since(1)),
              field("value", &self::value, since(1), since(0)),
              field("source", &self::source, since(1)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      std::string name;
      std::optional<std::string> value;
      bool read_only{};
      bool is_default{};
      int8_t config_source{-1};
      bool is_sensitive{};
      std::vector<describe_configs_synonym> synonyms;
      int8_t config_type{0};
      std::optional<std::string> documentation;

      using self = describe_configs_resource_result;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(0)),
            field("value", &self::value, since(0), since(0)),
            field("read_only", &self::read_only, since(0)),
            field("is_default", &self::is_default, between(0, 0)),
            field("config_source", &self::config_source, since(1)),
            field("is_sensitive", &self::is_sensitive, since(0)),
            field("synonyms", &self::synonyms, since(1)),
            field("config_type", &self::config_type, since(3)),
            field("documentation", &self::documentation, since(3), since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    int16_t error_code{};
    std::optional<std::string> error_message;
    int8_t resource_type{};
    std::string resource_name;
    std::vector<describe_configs_resource_result> configs;

    using self = describe_configs_result;
    static constexpr auto fields() {
      return std::tuple{
          field("error_code", &self::error_code, since(0)),
          field("error_message", &self::error_message, since(0), since(0)),
          field("resource_type", &self::resource_type, since(0)),
          field("resource_name", &self::resource_name, since(0)),
          field("configs", &self::configs, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<describe_configs_result> results;

  using self = describe_configs_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("results", &self::results, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
