// CreateTopics (key 19): creates topics with partitions, replicas and configs.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct create_topics_request {
  static constexpr std::string_view name = "CreateTopicsRequest";
  static constexpr int16_t api_key = 19;
  static constexpr versions valid = between(0, 7);
  static constexpr versions flexible = since(5);

  struct creatable_topic {
    struct creatable_replica_assignment {
      int32_t partition_index{};
      std::vector<int32_t> broker_ids;

      using self = creatable_replica_assignment;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("broker_ids", &self::broker_ids, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    struct creatable_topic_config {
      std::string name;
      std::optional<std::string> value;

      using self = creatable_topic_config;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(0)),
            field("value", &self::value, since(0), since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    int32_t num_partitions{};
    int16_t replication_factor{};
    std::vector<creatable_replica_assignment> assignments;
    std::vector<creatable_topic_config> configs;

    using self = creatable_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("num_partitions", &self::num_partitions, since(0)),
          field("replication_factor", &self::replication_factor, since(0)),
          field("assignments", &self::assignments, since(0)),
          field("configs", &self::configs, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<creatable_topic> topics;
  int32_t timeout_ms{60000};
  bool validate_only{false};

  using self = create_topics_request;
  static constexpr auto fields() {
    return std::tuple{
        field("topics", &self::topics, since(0)),
        field("timeout_ms", &self::timeout_ms, since(0)),
        field("validate_only", &self::validate_only, since(1)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct create_topics_response {
  static constexpr std::string_view name = "CreateTopicsResponse";
  static constexpr int16_t api_key = 19;
  static constexpr versions valid = between(0, 7);
  static constexpr versions flexible = since(5);

  struct creatable_topic_result {
    struct creatable_topic_configs {
      std::string name;
      std::optional<std::string> value;
      bool read_only{};
      int8_t config_source{-1};
      bool is_sensitive{};

      using self = creatable_topic_configs;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(5)),
            field("value", &self::value, since(5), since(5)),
            field("read_only", &self::read_only, since(5)),
            field("config_source", &self::config_source, since(5)),
            field("is_sensitive", &self::is_sensitive, since(5)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    uuid topic_id;
    int16_t error_code{};
    std::optional<std::string> error_message;
    int16_t topic_config_error_code{};
    int32_t num_partitions{-1};
    int16_t replication_factor{-1};
    std::optional<std::vector<creatable_topic_configs>> configs;

    using self = creatable_topic_result;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("topic_id", &self::topic_id, since(7)),
          field("error_code", &self::error_code, since(0)),
          field("error_message", &self::error_message, since(1), since(0)),
          tagged("topic_config_error_code", &self::topic_config_error_code, 0, since(5)),
          field("num_partitions", &self::num_partitions, since(5)),
          field("replication_factor", &self::replication_factor, since(5)),
          field("configs", &self::configs, since(5), since(5)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<creatable_topic_result> topics;

  using self = create_topics_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(2)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
