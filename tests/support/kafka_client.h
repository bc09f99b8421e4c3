// kafka_client: a small blocking client over Gregor's own protocol library, for integration tests
// that need exact control of what goes on the wire (versions, malformed frames, pipelining).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/codec/codec.h"
#include "protocol/request_header.h"

namespace gregor::testing {

class kafka_client {
 public:
  kafka_client() = default;
  ~kafka_client();
  kafka_client(const kafka_client&) = delete;
  kafka_client& operator=(const kafka_client&) = delete;

  bool connect(uint16_t port);
  void close();

  // Sends raw bytes as they are (no size prefix added).
  bool send_raw(const std::vector<uint8_t>& bytes);
  // Reads one size-prefixed frame (without the prefix); nullopt on timeout or close.
  std::optional<std::vector<uint8_t>> read_frame(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the peer closed the connection within the timeout.
  bool peer_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Encodes a full request frame.
  template <class Request>
  static std::vector<uint8_t> frame(const Request& req, int16_t version, int32_t correlation_id) {
    protocol::writer w;
    size_t at = w.reserve_i32();
    bool flexible = Request::flexible.contains(version);
    protocol::write_request_header(w, {Request::api_key, version, correlation_id, std::string("gregor-test")}, flexible);
    protocol::encode(w, req, version);
    w.patch_i32(at, static_cast<int32_t>(w.size() - 4));
    return w.flatten();
  }

  // Sends a request and decodes its response; nullopt if anything fails.
  template <class Response, class Request>
  std::optional<Response> call(const Request& req, int16_t version) {
    int32_t id = next_correlation_id_++;
    if (!send_raw(frame(req, version, id))) return std::nullopt;
    auto bytes = read_frame();
    if (!bytes) return std::nullopt;
    protocol::reader r(shared_bytes::adopt(std::move(*bytes)));
    int32_t correlation = 0;
    bool flexible_header = Response::flexible.contains(version) && Request::api_key != 18;
    if (!protocol::read_response_header(r, correlation, flexible_header) || correlation != id) return std::nullopt;
    Response resp;
    if (!protocol::decode(r, resp, version)) return std::nullopt;
    return resp;
  }

 private:
  int fd_ = -1;
  int32_t next_correlation_id_ = 1;
};

}  // namespace gregor::testing
