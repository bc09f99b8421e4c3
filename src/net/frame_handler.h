// frame_handler: what a connection hands each request frame to (the broker's dispatcher).
//
// The connection owns framing (size prefix, limits, ordering); the handler owns everything
// inside a frame. handle() runs on the connection's executor.
#pragma once

#include <asio.hpp>
#include <optional>
#include <string>

#include "base/shared_bytes.h"
#include "protocol/codec/writer.h"

namespace gregor::net {

struct connection_info {
  std::string peer;  // "127.0.0.1:53412"
  uint64_t id = 0;
  asio::any_io_executor executor;
};

struct frame_outcome {
  std::optional<protocol::writer> response;  // the whole frame including its size prefix; none for acks=0
  bool close_connection = false;
};

class frame_handler {
 public:
  virtual ~frame_handler() = default;
  virtual asio::awaitable<frame_outcome> handle(shared_bytes frame, const connection_info& connection) = 0;
};

}  // namespace gregor::net
