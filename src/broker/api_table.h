// api_table: the broker's one dispatch table {api key, versions, flexible versions, handler}.
//
// It is also the source of the ApiVersions response, so the broker advertises exactly the APIs
// and versions it has handlers and message definitions for, and nothing else.
#pragma once

#include <asio.hpp>
#include <optional>
#include <span>
#include <string_view>

#include "broker/request_context.h"
#include "protocol/codec/codec.h"

namespace gregor::broker {

struct api_entry {
  int16_t api_key;
  protocol::versions valid;
  protocol::versions flexible;
  std::string_view name;
  // Decodes the request body, runs the handler and encodes its response body.
  // Returns nullopt when the body does not decode: the connection is then closed, as Kafka does.
  asio::awaitable<std::optional<protocol::writer>> (*run)(request_context&, protocol::reader&);
};

// All APIs the broker serves, sorted by key.
std::span<const api_entry> api_table();
const api_entry* find_api(int16_t api_key);

// Builds an api_entry from a request type, its response type and a handler function.
template <class Request, class Response, asio::awaitable<Response> (*Handler)(request_context&, Request&)>
constexpr api_entry make_api_entry() {
  return api_entry{
      Request::api_key, Request::valid, Request::flexible, Request::name,
      [](request_context& ctx, protocol::reader& r) -> asio::awaitable<std::optional<protocol::writer>> {
        Request request;
        if (!protocol::decode(r, request, ctx.version())) co_return std::nullopt;
        Response response = co_await Handler(ctx, request);
        protocol::writer w;
        protocol::encode(w, response, ctx.version());
        co_return w;
      }};
}

}  // namespace gregor::broker
