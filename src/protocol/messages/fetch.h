// Fetch (key 1): reads record batches from partitions, long-polling until data arrives.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct fetch_request {
  static constexpr std::string_view name = "FetchRequest";
  static constexpr int16_t api_key = 1;
  static constexpr versions valid = between(0, 17);
  static constexpr versions flexible = since(12);

  struct replica_state_data {
    int32_t replica_id{-1};
    int64_t replica_epoch{-1};

    using self = replica_state_data;
    static constexpr auto fields() {
      return std::tuple{
          field("replica_id", &self::replica_id, since(15)),
          field("replica_epoch", &self::replica_epoch, since(15)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct fetch_topic {
    struct fetch_partition {
      int32_t partition{};
      int32_t current_leader_epoch{-1};
      int64_t fetch_offset{};
      int32_t last_fetched_epoch{-1};
      int64_t log_start_offset{-1};
      int32_t partition_max_bytes{};
      uuid replica_directory_id;

      using self = fetch_partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition", &self::partition, since(0)),
            field("current_leader_epoch", &self::current_leader_epoch, since(9)),
            field("fetch_offset", &self::fetch_offset, since(0)),
            field("last_fetched_epoch", &self::last_fetched_epoch, since(12)),
            field("log_start_offset", &self::log_start_offset, since(5)),
            field("partition_max_bytes", &self::partition_max_bytes, since(0)),
            tagged("replica_directory_id", &self::replica_directory_id, 0, since(17)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string topic;
    uuid topic_id;
    std::vector<fetch_partition> partitions;

    using self = fetch_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("topic", &self::topic, between(0, 12)),
          field("topic_id", &self::topic_id, since(13)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  struct forgotten_topic {
    std::string topic;
    uuid topic_id;
    std::vector<int32_t> partitions;

    using self = forgotten_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("topic", &self::topic, between(7, 12)),
          field("topic_id", &self::topic_id, since(13)),
          field("partitions", &self::partitions, since(7)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::optional<std::string> cluster_id;
  int32_t replica_id{-1};
  replica_state_data replica_state;
  int32_t max_wait_ms{};
  int32_t min_bytes{};
  int32_t max_bytes{2147483647};
  int8_t isolation_level{0};
  int32_t session_id{0};
  int32_t session_epoch{-1};
  std::vector<fetch_topic> topics;
  std::vector<forgotten_topic> forgotten_topics_data;
  std::string rack_id;

  using self = fetch_request;
  static constexpr auto fields() {
    return std::tuple{
        tagged("cluster_id", &self::cluster_id, 0, since(12), since(12)),
        field("replica_id", &self::replica_id, between(0, 14)),
        tagged("replica_state", &self::replica_state, 1, since(15)),
        field("max_wait_ms", &self::max_wait_ms, since(0)),
        field("min_bytes", &self::min_bytes, since(0)),
        field("max_bytes", &self::max_bytes, since(3)),
        field("isolation_level", &self::isolation_level, since(4)),
        field("session_id", &self::session_id, since(7)),
        field("session_epoch", &self::session_epoch, since(7)),
        field("topics", &self::topics, since(0)),
        field("forgotten_topics_data", &self::forgotten_topics_data, since(7)),
        field("rack_id", &self::rack_id, since(11)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct fetch_response {
  static constexpr std::string_view name = "FetchResponse";
  static constexpr int16_t api_key = 1;
  static constexpr versions valid = between(0, 17);
  static constexpr versions flexible = since(12);

  struct fetchable_topic_response {
    struct partition_data {
      struct epoch_end_offset {
        int32_t epoch{-1};
        int64_t end_offset{-1};

        using self = epoch_end_offset;
        static constexpr auto fields() {
          return std::tuple{
              field("epoch", &self::epoch, since(12)),
              field("end_offset", &self::end_offset, since(12)),
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
              field("leader_id", &self::leader_id, since(12)),
              field("leader_epoch", &self::leader_epoch, since(12)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      struct snapshot_id_data {
        int64_t end_offset{-1};
        int32_t epoch{-1};

        using self = snapshot_id_data;
        static constexpr auto fields() {
          return std::tuple{
              field("end_offset", &self::end_offset, since(0)),
              field("epoch", &self::epoch, since(0)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      struct aborted_transaction {
        int64_t producer_id{};
        int64_t first_offset{};

        using self = aborted_transaction;
        static constexpr auto fields() {
          return std::tuple{
              field("producer_id", &self::producer_id, since(4)),
              field("first_offset", &self::first_offset, since(4)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      int32_t partition_index{};
      int16_t error_code{};
      int64_t high_watermark{};
      int64_t last_stable_offset{-1};
      int64_t log_start_offset{-1};
      epoch_end_offset diverging_epoch;
      leader_id_and_epoch current_leader;
      snapshot_id_data snapshot_id;
      std::optional<std::vector<aborted_transaction>> aborted_transactions;
      int32_t preferred_read_replica{-1};
      record_set records;

      using self = partition_data;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("error_code", &self::error_code, since(0)),
            field("high_watermark", &self::high_watermark, since(0)),
            field("last_stable_offset", &self::last_stable_offset, since(4)),
            field("log_start_offset", &self::log_start_offset, since(5)),
            tagged("diverging_epoch", &self::diverging_epoch, 0, since(12)),
            tagged("current_leader", &self::current_leader, 1, since(12)),
            tagged("snapshot_id", &self::snapshot_id, 2, since(12)),
            field("aborted_transactions", &self::aborted_transactions, since(4), since(4)),
            field("preferred_read_replica", &self::preferred_read_replica, since(11)),
            field("records", &self::records, since(0), since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string topic;
    uuid topic_id;
    std::vector<partition_data> partitions;

    using self = fetchable_topic_response;
    static constexpr auto fields() {
      return std::tuple{
          field("topic", &self::topic, between(0, 12)),
          field("topic_id", &self::topic_id, since(13)),
          field("partitions", &self::partitions, since(0)),
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
          field("node_id", &self::node_id, since(16)),
          field("host", &self::host, since(16)),
          field("port", &self::port, since(16)),
          field("rack", &self::rack, since(16), since(16)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  int32_t session_id{0};
  std::vector<fetchable_topic_response> responses;
  std::vector<node_endpoint> node_endpoints;

  using self = fetch_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("error_code", &self::error_code, since(7)),
        field("session_id", &self::session_id, since(7)),
        field("responses", &self::responses, since(0)),
        tagged("node_endpoints", &self::node_endpoints, 0, since(16)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
