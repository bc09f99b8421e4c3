// DeleteTopics (key 20): deletes topics and their data.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct delete_topics_request {
  static constexpr std::string_view name = "DeleteTopicsRequest";
  static constexpr int16_t api_key = 20;
  static constexpr versions valid = between(0, 6);
  static constexpr versions flexible = since(4);

  struct delete_topic_state {
    std::optional<std::string> name;
    uuid topic_id;

    using self = delete_topic_state;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(6), since(6)),
          field("topic_id", &self::topic_id, since(6)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  std::vector<delete_topic_state> topics;
  std::vector<std::string> topic_names;
  int32_t timeout_ms{};

  using self = delete_topics_request;
  static constexpr auto fields() {
    return std::tuple{
        field("topics", &self::topics, since(6)),
        field("topic_names", &self::topic_names, between(0, 5)),
        field("timeout_ms", &self::timeout_ms, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct delete_topics_response {
  static constexpr std::string_view name = "DeleteTopicsResponse";
  static constexpr int16_t api_key = 20;
  static constexpr versions valid = between(0, 6);
  static constexpr versions flexible = since(4);

  struct deletable_topic_result {
    std::optional<std::string> name;
    uuid topic_id;
    int16_t error_code{};
    std::optional<std::string> error_message;

    using self = deletable_topic_result;
    static constexpr auto fields() {
      return std::tuple{
          field("name", &self::name, since(0), since(6)),
          field("topic_id", &self::topic_id, since(6)),
          field("error_code", &self::error_code, since(0)),
          field("error_message", &self::error_message, since(5), since(5)),
      };
    }
    friend bool operator==(const self&, const self&) = default;
  };

  int32_t throttle_time_ms{};
  std::vector<deletable_topic_result> responses;

  using self = delete_topics_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(1)),
        field("responses", &self::responses, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
