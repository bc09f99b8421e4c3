// AlterConfigs (legacy, whole-set): the given configs replace all of a topic's overrides.
// Broker configs are static in Gregor (no dynamic broker configs), so altering them is refused.
#include "broker/handlers/config_resources.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<alter_configs_response> alter_configs(request_context& ctx, alter_configs_request& req) {
  broker& b = ctx.owner;
  alter_configs_response resp;
  for (auto& r : req.resources) {
    auto& out = resp.responses.emplace_back();
    out.resource_type = r.resource_type;
    out.resource_name = r.resource_name;
    auto fail = [&](error_code code, std::string message) {
      out.error_code = to_int(code);
      out.error_message = std::move(message);
    };
    error_code lookup_error = error_code::none;
    std::string lookup_message;
    auto t = find_alterable_topic(b, r.resource_type, r.resource_name, lookup_error, lookup_message);
    if (!t) {
      fail(lookup_error, lookup_message);
      continue;
    }
    config::property_list entries;
    bool has_null = false;
    for (auto& c : r.configs) {
      if (!c.value) has_null = true;
      else entries.push_back({c.name, *c.value});
    }
    if (has_null) {
      fail(error_code::invalid_request, "Null value not supported for topic configs");
      continue;
    }
    config::topic_config updated = t->config;
    if (auto applied = updated.replace_all(entries); !applied) {
      fail(error_code::invalid_config, applied.error());
      continue;
    }
    if (req.validate_only) continue;
    if (topic_error e = b.update_topic_config(t, std::move(updated))) fail(e.code, e.message);
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
