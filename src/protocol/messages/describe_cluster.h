// DescribeCluster (key 60): the cluster id, controller and brokers.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct describe_cluster_request {
  static constexpr std::string_view name = "DescribeClusterRequest";
  static constexpr int16_t api_key = 60;
  static constexpr versions valid = between(0, 1);
  static constexpr versions flexible = since(0);

  bool include_cluster_authorized_operations{};
  int8_t endpoint_type{1};

  using self = describe_cluster_request;
  static constexpr auto fields() {
    return std::tuple{
        field("include_cluster_authorized_operations", &self::include_cluster_authorized_operations, since(0)),
        field("endpoint_type", &self::endpoint_type, since(1)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct describe_cluster_response {
  static constexpr std::string_view name = "DescribeClusterResponse";
  static constexpr int16_t api_key = 60;
  static constexpr versions valid = between(0, 1);
  static constexpr versions flexible = since(0);

  struct describe_cluster_broker {
    int32_t broker_id{};
    std::string host;
    int32_t port{};
    std::optional<std::string> rack;

    using self = describe_cluster_broker;
    static constexpr auto fields() {
      return std::tuple{
          field("broker_id", &self::broker_id, since(0)),
          field("host", &self::host, since(0)),
          field("port", &self::port, since(0)),
          field("rack", &self::rack, since(0), since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  std::optional<std::string> error_message;
  int8_t endpoint_type{1};
  std::string cluster_id;
  int32_t controller_id{-1};
  std::vector<describe_cluster_broker> brokers;
  int32_t cluster_authorized_operations{-2147483648};

  using self = describe_cluster_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("error_code", &self::error_code, since(0)),
        field("error_message", &self::error_message, since(0), since(0)),
        field("endpoint_type", &self::endpoint_type, since(1)),
        field("cluster_id", &self::cluster_id, since(0)),
        field("controller_id", &self::controller_id, since(0)),
        field("brokers", &self::brokers, since(0)),
        field("cluster_authorized_operations", &self::cluster_authorized_operations, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
