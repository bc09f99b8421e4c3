// DescribeLogDirs (key 35): log directories with the size of each partition in them.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct describe_log_dirs_request {
  static constexpr std::string_view name = "DescribeLogDirsRequest";
  static constexpr int16_t api_key = 35;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(2);

  struct describable_log_dir_topic {
    std::string topic;
    std::vector<int32_t> partitions;

    using self = describable_log_dir_topic;
    static constexpr auto fields() {
      return std::tuple{
          field("topic", &self::topic, since(0)),
          field("partitions", &self::partitions, since(0)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::optional<std::vector<describable_log_dir_topic>> topics;

  using self = describe_log_dirs_request;
  static constexpr auto fields() {
    return std::tuple{
        field("topics", &self::topics, since(0), since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct describe_log_dirs_response {
  static constexpr std::string_view name = "DescribeLogDirsResponse";
  static constexpr int16_t api_key = 35;
  static constexpr versions valid = between(0, 4);
  static constexpr versions flexible = since(2);

  struct describe_log_dirs_result {
    struct describe_log_dirs_topic {
      struct describe_log_dirs_partition {
        int32_t partition_index{};
        int64_t partition_size{};
        int64_t offset_lag{};
        bool is_future_key{};

        using self = describe_log_dirs_partition;
        static constexpr auto fields() {
          return std::tuple{
              field("partition_index", &self::partition_index, since(0)),
              field("partition_size", &self::partition_size, since(0)),
              field("offset_lag", &self::offset_lag, since(0)),
              field("is_future_key", &self::is_future_key, since(0)),
          };
        }
        friend bool operator==(const self&, const self&) = default;
      };

      std::string name;
      std::vector<describe_log_dirs_partition> partitions;

      using self = describe_log_dirs_topic;
      static constexpr auto fields() {
        return std::tuple{
            field("name", &self::name, since(0)),
            field("partitions", &self::partitions, since(0)),
        };
      }
      friend bool operator==(const self&, const self&) = default;
    };

    int16_t error_code{};
    std::string log_dir;
    std::vector<describe_log_dirs_topic> topics;
    int64_t total_bytes{-1};
    int64_t usable_bytes{-1};

    using self = describe_log_dirs_result;
    static constexpr auto fields() {
      return std::tuple{
          field("error_code", &self::error_code, since(0)),
          field("log_dir", &self::log_dir, since(0)),
          field("topics", &self::topics, since(0)),
          field("total_bytes", &self::total_bytes, since(4)),
          field("usable_bytes", &self::usable_bytes, since(4)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  int16_t error_code{};
  std::vector<describe_log_dirs_result> results;

  using self = describe_log_dirs_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("error_code", &self::error_code, since(3)),
        field("results", &self::results, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
