#include "broker/dispatcher.h"

#include <spdlog/spdlog.h>

#include "broker/api_table.h"
#include "broker/broker.h"
#include "protocol/api_key.h"
#include "protocol/error_code.h"
#include "protocol/messages/api_versions.h"

namespace gregor::broker {
namespace {

protocol::writer frame_with(int32_t correlation_id, bool flexible_header, protocol::writer&& body) {
  protocol::writer w;
  size_t size_at = w.reserve_i32();
  protocol::write_response_header(w, correlation_id, flexible_header);
  w.append(std::move(body));
  w.patch_i32(size_at, static_cast<int32_t>(w.size() - 4));
  return w;
}

// KIP-511: an ApiVersions request at a version above ours gets a v0 body naming our range.
protocol::writer unsupported_api_versions(int32_t correlation_id) {
  protocol::api_versions_response response;
  response.error_code = protocol::to_int(protocol::error_code::unsupported_version);
  const api_entry* self = find_api(protocol::api_versions_request::api_key);
  response.api_keys.push_back({self->api_key, self->valid.lo, self->valid.hi});
  protocol::writer body;
  protocol::encode(body, response, 0);
  return frame_with(correlation_id, false, std::move(body));
}

}  // namespace

asio::awaitable<net::frame_outcome> dispatcher::handle(shared_bytes frame, const net::connection_info& connection,
                                                     net::read_on release) {
  net::frame_outcome outcome;
  protocol::request_header peeked;
  if (!protocol::peek_request_header(frame.data(), frame.size(), peeked)) {
    outcome.close_connection = true;
    co_return outcome;
  }
  const api_entry* api = find_api(peeked.api_key);
  const bool is_api_versions = peeked.api_key == protocol::api_versions_request::api_key;
  if (is_api_versions && api && peeked.api_version > api->valid.hi) {
    outcome.response = unsupported_api_versions(peeked.correlation_id);
    co_return outcome;
  }
  if (!api || !api->valid.contains(peeked.api_version)) {
    spdlog::warn("closing connection {} from {}: unsupported api key {} version {}", connection.id, connection.peer,
                 peeked.api_key, peeked.api_version);
    outcome.close_connection = true;
    co_return outcome;
  }

  const bool flexible = api->flexible.contains(peeked.api_version);
  protocol::reader r(std::move(frame));
  request_context ctx{owner_, connection, {}};
  ctx.release_connection = std::move(release);
  if (!protocol::read_request_header(r, ctx.header, flexible)) {
    outcome.close_connection = true;
    co_return outcome;
  }
  std::optional<protocol::writer> body = co_await api->run(ctx, r);
  if (!body) {
    spdlog::warn("closing connection {} from {}: malformed {} v{} request", connection.id, connection.peer, api->name,
                 peeked.api_version);
    outcome.close_connection = true;
    co_return outcome;
  }
  if (!ctx.suppress_response) {
    outcome.response = frame_with(peeked.correlation_id, flexible && !is_api_versions, std::move(*body));
  }
  outcome.close_connection = ctx.close_connection;
  co_return outcome;
}

}  // namespace gregor::broker
