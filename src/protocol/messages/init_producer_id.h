// InitProducerId (key 22): allocates a producer id and epoch for idempotent producers.
// Field layout per docs/wire-protocol.md; checked against the reference specs by spec_conformance_test.
#pragma once

#include "protocol/codec/message_prelude.h"

namespace gregor::protocol {

struct init_producer_id_request {
  static constexpr std::string_view name = "InitProducerIdRequest";
  static constexpr int16_t api_key = 22;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(2);

  std::optional<std::string> transactional_id;
  int32_t transaction_timeout_ms{};
  int64_t producer_id{-1};
  int16_t producer_epoch{-1};

  using self = init_producer_id_request;
  static constexpr auto fields() {
    return std::tuple{
        field("transactional_id", &self::transactional_id, since(0), since(0)),
        field("transaction_timeout_ms", &self::transaction_timeout_ms, since(0)),
        field("producer_id", &self::producer_id, since(3)),
        field("producer_epoch", &self::producer_epoch, since(3)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

struct init_producer_id_response {
  static constexpr std::string_view name = "InitProducerIdResponse";
  static constexpr int16_t api_key = 22;
  static constexpr versions valid = between(0, 5);
  static constexpr versions flexible = since(2);

  int32_t throttle_time_ms{};
  int16_t error_code{};
  int64_t producer_id{-1};
  int16_t producer_epoch{};

  using self = init_producer_id_response;
  static constexpr auto fields() {
    return std::tuple{
        field("throttle_time_ms", &self::throttle_time_ms, since(0)),
        field("error_code", &self::error_code, since(0)),
        field("producer_id", &self::producer_id, since(0)),
        field("producer_epoch", &self::producer_epoch, since(0)),
    };
  }
  friend bool operator==(const self&, const self&) = default;
};

}  // namespace gregor::protocol
