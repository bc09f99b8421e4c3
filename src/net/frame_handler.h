// frame_handler: what a connection hands each request frame to (the broker's dispatcher).
//
// The connection owns framing (size prefix, limits, ordering); the handler owns everything
// inside a frame. handle() runs on the connection's executor.
#pragma once

#include <asio.hpp>
#include <functional>
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

// Lets a handler tell its connection to read and start the next request before this one is
// answered; the responses still leave in request order. Produce with acks=all calls it once its
// batches are appended, so one request's fsync wait overlaps the next one's append and they share
// an fsync (group commit within a connection). Other requests are never overlapped: Kafka serves
// a connection's requests one at a time and clients may rely on that. Calling it twice is harmless.
using read_on = std::function<void()>;

class frame_handler {
 public:
  virtual ~frame_handler() = default;
  virtual asio::awaitable<frame_outcome> handle(shared_bytes frame, const connection_info& connection,
                                                read_on release) = 0;
};

}  // namespace gregor::net
