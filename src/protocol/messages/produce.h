// Produce (key 0): appends record batches to partitions.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct produce_request {
  static constexpr std::string_view name = "ProduceRequest";
  static constexpr int16_t api_key = 0;
  static constexpr versions valid = between(0, 11);
  static constexpr versions flexible = since(9);

  struct topic_produce_data {
    struct partition_produce_data {
      int32_t index{};
      record_set records;

      using self = partition_produce_data;
      static constexpr auto fields() {
        return std::tuple{
            field("index", &self::index, since(0)),
            field("records", &self::records, since(0), since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<partition_produce_data> partition_data;

    using self = topic_produce_data;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partition_data", &self::partition_data, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::optional<std::string> transactional_id;
  int16_t acks{};
  int32_t timeout_ms{};
  std::vector<topic_produce_data> topic_data;

  using self = produce_request;
  static constexpr auto fields() {
    return std::tuple{
        field("transactional_id", &self::transactional_id, since(3), since(3)),
        field("acks", &self::acks, since(0)),
        field("timeout_ms", &self::timeout_ms, since(0)),
        field("topic_data", &self::topic_data, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct produce_response {
  static constexpr std::string_view name = "ProduceResponse";
  static constexpr int16_t api_key = 0;
  static constexpr versions valid = between(0, 11);
  static constexpr versions flexible = since(9);

  struct topic_produce_response {
    struct partition_produce_response {
      struct batch_index_and_error_message {
        int32_t batch_index{};
        std::optional<std::string> batch_index_error_message;

        using self = batch_index_and_error_message;
        static constexpr auto fields() {
          return std::tuple{
              field("batch_index", &self::batch_index, since(8)),
              field("batch_index_error_message", &self::batch_index_error_message, since(8), since(8)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      struct leader_id_and_epoch {
        int32_t leader_id{-1};
        int32_t leader_epoch{-1};

        using self = leader_id_and_epoch;
        static constexpr auto fields() {
          return std::tuple{
              field("leader_id", &self::leader_id, since(10)),
              field("leader_epoch", &self::leader_epoch, since(10)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      int32_t index{};
      int16_t error_code{};
      int64_t base_offset{};
      int64_t log_append_time_ms{-1};
      int64_t log_start_offset{-1};
      std::vector<batch_index_and_error_message> record_errors;
      std::optional<std::string> error_message;
      leader_id_and_epoch current_leader;

      using self = partition_produce_response;
      static constexpr auto fields() {
        return std::tuple{
            field("index", &self::index, since(0)),
            field("error_code", &self::error_code, since(0)),
            field("base_offset", &self::base_offset, since(0)),
            field("log_append_time_ms", &self::log_append_time_ms, since(2)),
            field("log_start_offset", &self::log_start_offset, since(5)),
            field("record_errors", &self::record_errors, since(8)),
            field("error_message", &self::error_message, since(8), since(8)),
            tagged("current_leader", &self::current_leader, 0, since(10)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<partition_produce_response> partition_responses;

    using self = topic_produce_response;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partition_responses", &self::partition_responses, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct node_endpoint {
    int32_t node_id{};
    std::string host;
    int32_t port{};
    std::optional<std::string> rack;

    using self = node_endpoint;
    static constexpr auto fields() {
      return std::tuple{
          field("node_id", &self::node_id, since(10)),
          field("host", &self::host, since(10)),
          field("port", &self::port, since(10)),
          field("rack", &self::rack, since(10), since(10)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<topic_produce_response> responses;
  int32_t throttle_time_ms{0};
  std::vector<node_endpoint> node_endpoints;

  using self = produce_response;
  static constexpr auto fields() {
    return std::tuple{
        field("responses", &self::responses, since(0)),
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        tagged("node_endpoints", &self::node_endpoints, 0, since(10)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
