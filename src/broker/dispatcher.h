// dispatcher: turns request frames into handler calls and handler results into response frames.
//
// Frame handling as Kafka does it (docs/wire-protocol.md):
//  - ApiVersions at a version we do not serve: a v0 body with UNSUPPORTED_VERSION and our range
//    for key 18, so the client can retry lower (KIP-511);
//  - any other unknown key or version, or a body that does not decode: close the connection;
//  - the response header is v1 for flexible versions, except ApiVersions which always uses v0.
#pragma once

#include "net/frame_handler.h"

namespace gregor::broker {

class broker;

class dispatcher final : public net::frame_handler {
 public:
  explicit dispatcher(broker& owner) : owner_(owner) {}
  asio::awaitable<net::frame_outcome> handle(shared_bytes frame, const net::connection_info& connection,
                                             net::read_on release) override;

 private:
  broker& owner_;
};

}  // namespace gregor::broker
