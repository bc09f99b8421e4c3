// DescribeConfigs: topic configs (overrides over broker defaults) and this broker's static
// configs, with sources, synonyms (v1+) and documentation and types (v3+).
#include "broker/handlers/config_resources.h"
#include "broker/handlers/handlers.h"
#include "config/broker_config.h"

namespace gregor::broker::handlers {
namespace {

using result_entry = describe_configs_response::describe_configs_result::describe_configs_resource_result;

result_entry to_wire(const config::config_entry& e, bool synonyms, bool documentation) {
  result_entry out;
  out.name = e.name;
  out.value = e.is_sensitive ? std::nullopt : e.value;
  out.read_only = e.read_only;
  out.is_default = e.is_default();
  out.config_source = static_cast<int8_t>(e.source);
  out.is_sensitive = e.is_sensitive;
  out.config_type = static_cast<int8_t>(e.type);
  if (documentation) out.documentation = std::string(e.documentation);
  if (synonyms) {
    for (const auto& s : e.synonyms)
      out.synonyms.push_back({s.name, e.is_sensitive ? std::nullopt : s.value, static_cast<int8_t>(s.source)});
  }
  return out;
}

bool wanted(const std::optional<std::vector<std::string>>& keys, const std::string& name) {
  if (!keys) return true;
  for (const auto& k : *keys)
    if (k == name) return true;
  return false;
}

}  // namespace

asio::awaitable<describe_configs_response> describe_configs(request_context& ctx, describe_configs_request& req) {
  broker& b = ctx.owner;
  describe_configs_response resp;
  const bool synonyms = ctx.version() >= 1 && req.include_synonyms;
  const bool documentation = ctx.version() >= 3 && req.include_documentation;
  for (auto& r : req.resources) {
    auto& out = resp.results.emplace_back();
    out.resource_type = r.resource_type;
    out.resource_name = r.resource_name;
    std::vector<config::config_entry> entries;
    switch (static_cast<config_resource_type>(r.resource_type)) {
      case config_resource_type::topic: {
        auto t = b.topics().find(r.resource_name);
        if (!t) {
          out.error_code = to_int(error_code::unknown_topic_or_partition);
          out.error_message = "Topic '" + r.resource_name + "' does not exist.";
          continue;
        }
        entries = t->config.describe();
        break;
      }
      case config_resource_type::broker:
        if (!names_this_broker(b, r.resource_name)) {
          out.error_code = to_int(error_code::invalid_request);
          out.error_message = "Unexpected broker id, expected " + std::to_string(b.node_id()) + " or empty string";
          continue;
        }
        entries = config::describe_broker_config(b.config());
        break;
      default:
        out.error_code = to_int(error_code::invalid_request);
        out.error_message = "Unsupported resource type " + std::to_string(r.resource_type);
        continue;
    }
    for (const auto& e : entries)
      if (wanted(r.configuration_keys, e.name)) out.configs.push_back(to_wire(e, synonyms, documentation));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
