// Errors raised by Gregor's client library.
//
// Everything the broker or the network can report is a kafka_error carrying Kafka's error code
// (gregor::error_code, the protocol's numbering) and its name, e.g. UNKNOWN_TOPIC_OR_PARTITION.
// retriable() follows Kafka's classification: a retriable error may succeed when tried again
// (leader moved, coordinator loading, timeouts); the others will not.
//
// The client-side conditions kafka-python raises as their own classes have their own types here:
//   kafka_timeout_error      KafkaTimeoutError: a wait (max_block_ms, get(timeout), flush) ran out
//   no_brokers_available     NoBrokersAvailable: no bootstrap server answered
//   config_error             an unknown key or an invalid value in a client config
//   illegal_state_error      IllegalStateError: e.g. poll() on a consumer with no subscription
//   commit_failed_error      CommitFailedError: the group rebalanced; the commit cannot succeed
//   serialization_error      a serializer or deserializer threw
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/error_code.h"

namespace gregor {

using error_code = protocol::error_code;

// The protocol name of a code, e.g. "NOT_LEADER_OR_FOLLOWER".
inline std::string_view error_name(error_code code) { return protocol::error_name(code); }

class kafka_error : public std::runtime_error {
 public:
  kafka_error(error_code code, const std::string& message)
      : std::runtime_error(format(code, message)), code_(code), detail_(message) {}

  error_code code() const { return code_; }
  std::string_view name() const { return protocol::error_name(code_); }
  bool retriable() const { return protocol::is_retriable(code_); }
  // The message without the error name in front.
  const std::string& detail() const { return detail_; }

 private:
  static std::string format(error_code code, const std::string& message) {
    std::string out(protocol::error_name(code));
    if (!message.empty()) out += ": " + message;
    return out;
  }
  error_code code_;
  std::string detail_;
};

class kafka_timeout_error : public kafka_error {
 public:
  explicit kafka_timeout_error(const std::string& message) : kafka_error(error_code::request_timed_out, message) {}
};

class no_brokers_available : public kafka_error {
 public:
  explicit no_brokers_available(const std::string& message) : kafka_error(error_code::network_exception, message) {}
};

class commit_failed_error : public kafka_error {
 public:
  commit_failed_error(error_code code, const std::string& message) : kafka_error(code, message) {}
};

class config_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class illegal_state_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class serialization_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gregor
