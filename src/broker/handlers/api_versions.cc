// ApiVersions: the advertised APIs come straight from the dispatch table.
#include <regex>

#include "broker/api_table.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {
namespace {
// KIP-511: client software name and version must look like identifiers.
bool valid_software_field(const std::string& s) {
  static const std::regex pattern("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
  return std::regex_match(s, pattern);
}
}  // namespace

asio::awaitable<api_versions_response> api_versions(request_context& ctx, api_versions_request& req) {
  api_versions_response resp;
  for (const api_entry& api : api_table()) resp.api_keys.push_back({api.api_key, api.valid.lo, api.valid.hi});
  if (ctx.version() >= 3 &&
      (!valid_software_field(req.client_software_name) || !valid_software_field(req.client_software_version))) {
    resp.error_code = to_int(error_code::invalid_request);
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
