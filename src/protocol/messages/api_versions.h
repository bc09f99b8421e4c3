// ApiVersions (key 18): which APIs and versions the broker serves; the first request of every client.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct api_versions_request {
  static constexpr std::string_view name = "ApiVersionsRequest";
  static constexpr int16_t api_key = 18;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(3);

  std::string client_software_name;
  std::string client_software_version;

  using self = api_versions_request;
  static constexpr auto fields() {
    return std::tuple{
        field("client_software_name", &self::client_software_name, since(3)),
        field("client_software_version", &self::client_software_version, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct api_versions_response {
  static constexpr std::string_view name = "ApiVersionsResponse";
  static constexpr int16_t api_key = 18;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(3);

  struct api_version {
    int16_t api_key{};
    int16_t min_version{};
    int16_t max_version{};

    using self = api_version;
    static constexpr auto fields() {
      return std::tuple{
          field("api_key", &self::api_key, since(0)),
          field("min_version", &self::min_version, since(0)),
          field("max_version", &self::max_version, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct supported_feature_key {
    std::string name;
    int16_t min_version{};
    int16_t max_version{};

    using self = supported_feature_key;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(3)),
          field("min_version", &self::min_version, since(3)),
          field("max_version", &self::max_version, since(3)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct finalized_feature_key {
    std::string name;
    int16_t max_version_level{};
    int16_t min_version_level{};

    using self = finalized_feature_key;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(3)),
          field("max_version_level", &self::max_version_level, since(3)),
          field("min_version_level", &self::min_version_level, since(3)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int16_t error_code{};
  std::vector<api_version> api_keys;
  int32_t throttle_time_ms{};
  std::vector<supported_feature_key> supported_features;
  int64_t finalized_features_epoch{-1};
  std::vector<finalized_feature_key> finalized_features;
  bool zk_migration_ready{false};

  using self = api_versions_response;
  static constexpr auto fields() {
    return std::tuple{
        field("error_code", &self::error_code, since(0)),
        field("api_keys", &self::api_keys, since(0)),
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        tagged("supported_features", &self::supported_features, 0, since(3)),
        tagged("finalized_features_epoch", &self::finalized_features_epoch, 1, since(3)),
        tagged("finalized_features", &self::finalized_features, 2, since(3)),
        tagged("zk_migration_ready", &self::zk_migration_ready, 3, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
