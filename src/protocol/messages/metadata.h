// Metadata (key 3): brokers, topics, partitions and leaders; how clients find where to send requests.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct metadata_request {
  static constexpr std::string_view name = "MetadataRequest";
  static constexpr int16_t api_key = 3;
  static constexpr versions valid = between(0, 12);
  static constexpr versions flexible = since(9);

  struct topic {
    uuid topic_id;
    std::optional<std::string> name;

    using self = topic;
    static constexpr auto fields() {
      return std::tuple{
          field("topic_id", &self::topic_id, since(10)),
          field("name", &self::name, since(0), since(10)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::optional<std::vector<topic>> topics;
  bool allow_auto_topic_creation{true};
  bool include_cluster_authorized_operations{};
  bool include_topic_authorized_operations{};

  using self = metadata_request;
  static constexpr auto fields() {
    return std::tuple{
        field("topics", &self::topics, since(0), since(1)),
        field("allow_auto_topic_creation", &self::allow_auto_topic_creation, since(4)),
        field("include_cluster_authorized_operations", &self::include_cluster_authorized_operations, between(8, 10)),
        field("include_topic_authorized_operations", &self::include_topic_authorized_operations, since(8)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct metadata_response {
  static constexpr std::string_view name = "MetadataResponse";
  static constexpr int16_t api_key = 3;
  static constexpr versions valid = between(0, 12);
  static constexpr versions flexible = since(9);

  struct broker {
    int32_t node_id{};
    std::string host;
    int32_t port{};
    std::optional<std::string> rack;

    using self = broker;
    static constexpr auto fields() {
      return std::tuple{
          field("node_id", &self::node_id, since(0)),
          field("host", &self::host, since(0)),
          field("port", &self::port, since(0)),
          field("rack", &self::rack, since(1), since(1)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct topic {
    struct partition {
      int16_t error_code{};
      int32_t partition_index{};
      int32_t leader_id{};
      int32_t leader_epoch{-1};
      std::vector<int32_t> replica_nodes;
      std::vector<int32_t> isr_nodes;
      std::vector<int32_t> offline_replicas;

      using self = partition;
      static constexpr auto fields() {
        return std::tuple{
            field("error_code", &self::error_code, since(0)),
            field("partition_index", &self::partition_index, since(0)),
            field("leader_id", &self::leader_id, since(0)),
            field("leader_epoch", &self::leader_epoch, since(7)),
            field("replica_nodes", &self::replica_nodes, since(0)),
            field("isr_nodes", &self::isr_nodes, since(0)),
            field("offline_replicas", &self::offline_replicas, since(5)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    int16_t error_code{};
    std::optional<std::string> name;
    uuid topic_id;
    bool is_internal{false};
    std::vector<partition> partitions;
    int32_t topic_authorized_operations{-2147483648};

    using self = topic;
    static constexpr auto fields() {
      return std::tuple{
          field("error_code", &self::error_code, since(0)),
          field("name", &self::name, since(0), since(12)),
          field("topic_id", &self::topic_id, since(10)),
          field("is_internal", &self::is_internal, since(1)),
          field("partitions", &self::partitions, since(0)),
          field("topic_authorized_operations", &self::topic_authorized_operations, since(8)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<broker> brokers;
  std::optional<std::string> cluster_id;
  int32_t controller_id{-1};
  std::vector<topic> topics;
  int32_t cluster_authorized_operations{-2147483648};

  using self = metadata_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(3)),
        field("brokers", &self::brokers, since(0)),
        field("cluster_id", &self::cluster_id, since(2), since(2)),
        field("controller_id", &self::controller_id, since(1)),
        field("topics", &self::topics, since(0)),
        field("cluster_authorized_operations", &self::cluster_authorized_operations, between(8, 10)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
