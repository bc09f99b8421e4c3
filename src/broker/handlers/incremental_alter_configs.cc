// IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT on single topic configs,
// all-or-nothing per resource.
#include "broker/handlers/config_resources.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<incremental_alter_configs_response> incremental_alter_configs(request_context& ctx,
                                                                              incremental_alter_configs_request& req) {
  broker& b = ctx.owner;
  incremental_alter_configs_response resp;
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
    std::vector<config::alter_op> ops;
    bool bad_op = false;
    for (auto& c : r.configs) {
      if (c.config_operation < 0 || c.config_operation > 3) bad_op = true;
      ops.push_back({c.name, static_cast<config::alter_op_type>(c.config_operation), c.value});
    }
    if (bad_op) {
      fail(error_code::invalid_request, "Unknown config operation");
      continue;
    }
    config::topic_config updated = t->config;
    if (auto applied = updated.apply(ops); !applied) {
      fail(applied.error().code == config::config_errc::invalid_request ? error_code::invalid_request
                                                                         : error_code::invalid_config,
           applied.error().message);
      continue;
    }
    if (req.validate_only) continue;
    if (topic_error e = b.update_topic_config(t, std::move(updated))) fail(e.code, e.message);
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
