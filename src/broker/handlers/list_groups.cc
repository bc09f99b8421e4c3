// ListGroups: every group this broker coordinates, optionally filtered by state (v4+) and type
// (v5+; all of Gregor's groups are "classic").
#include <algorithm>
#include <cctype>

#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {
namespace {
bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

asio::awaitable<list_groups_response> list_groups(request_context& ctx, list_groups_request& req) {
  list_groups_response resp;
  if (!req.types_filter.empty() &&
      std::none_of(req.types_filter.begin(), req.types_filter.end(),
                   [](const std::string& t) { return equals_ignoring_case(t, "classic"); })) {
    co_return resp;
  }
  for (auto& g : ctx.owner.groups().list_groups(req.states_filter)) {
    resp.groups.push_back({g.group_id, g.protocol_type, g.state, "classic"});
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
