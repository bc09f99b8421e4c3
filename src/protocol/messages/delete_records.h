// DeleteRecords (key 21): moves partitions' log start offsets forward.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct delete_records_request {
  static constexpr std::string_view name = "DeleteRecordsRequest";
  static constexpr int16_t api_key = 21;
  static constexpr versions valid = between(0, 2);
  static constexpr versions flexible = since(2);

  struct delete_records_topic {
    struct delete_records_partition {
      int32_t partition_index{};
      int64_t offset{};

      using self = delete_records_partition;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("offset", &self::offset, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<delete_records_partition> partitions;

    using self = delete_records_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<delete_records_topic> topics;
  int32_t timeout_ms{};

  using self = delete_records_request;
  static constexpr auto fields() {
    return std::tuple{
        field("topics", &self::topics, since(0)),
        field("timeout_ms", &self::timeout_ms, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct delete_records_response {
  static constexpr std::string_view name = "DeleteRecordsResponse";
  static constexpr int16_t api_key = 21;
  static constexpr versions valid = between(0, 2);
  static constexpr versions flexible = since(2);

  struct delete_records_topic_result {
    struct delete_records_partition_result {
      int32_t partition_index{};
      int64_t low_watermark{};
      int16_t error_code{};

      using self = delete_records_partition_result;
      static constexpr auto fields() {
        return std::tuple{
            field("partition_index", &self::partition_index, since(0)),
            field("low_watermark", &self::low_watermark, since(0)),
            field("error_code", &self::error_code, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    std::string name;
    std::vector<delete_records_partition_result> partitions;

    using self = delete_records_topic_result;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<delete_records_topic_result> topics;

  using self = delete_records_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("topics", &self::topics, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
