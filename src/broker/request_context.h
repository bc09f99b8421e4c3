// request_context: what a handler knows about the request it is serving.
//
// Lives on the connection's executor for the duration of one request.
#pragma once

#include "net/frame_handler.h"
#include "protocol/request_header.h"

namespace gregor::broker {

class broker;

struct request_context {
  broker& owner;
  const net::connection_info& connection;
  protocol::request_header header;

  // Set by a handler: send no response (Produce with acks=0).
  bool suppress_response = false;
  // Set by a handler: close the connection after this request (acks=0 produce failure).
  bool close_connection = false;
  // Call to let the connection read and start its next request before this one is answered
  // (see net/frame_handler.h); only Produce does, once its batches are appended.
  net::read_on release_connection;

  int16_t version() const { return header.api_version; }
  std::string_view client_id() const { return header.client_id ? std::string_view(*header.client_id) : ""; }
};

}  // namespace gregor::broker
