// config_operations: DescribeConfigs / AlterConfigs / IncrementalAlterConfigs, routed per resource.
#include "client/admin/config_operations.h"

#include "client/admin/admin_call.h"
#include "client/admin/wire_mapping.h"
#include "protocol/messages/alter_configs.h"
#include "protocol/messages/describe_configs.h"
#include "protocol/messages/incremental_alter_configs.h"

namespace gregor::client::admin {

namespace {

using protocol::error_code;

enum class default_route { any_broker, controller };

std::string describe_resource(const config_resource& r) {
  return (r.type == config_resource_type::topic ? "topic '" : "broker '") + r.name + "'";
}

config_resource resource_of(int8_t type, const std::string& name) {
  return config_resource{static_cast<config_resource_type>(type), name};
}

// One round of a config call: looks up the brokers, splits the pending resources by where they
// must go, builds one request per destination with `build(resources)` and hands each answer to
// `settle(response)`. A destination that cannot be reached retries its resources.
template <class Response, class T, class Build, class Settle>
void config_round(const call_ptr<config_resource, T>& call, default_route route, std::shared_ptr<bool> refresh,
                  Build build, Settle settle, std::function<void()> finished) {
  auto& ctx = call->context();
  ctx.cluster_metadata(std::exchange(*refresh, false), [call, route, refresh, build, settle, finished,
                                                        &ctx](client_result<metadata_snapshot> md) {
    if (!md) {
      call->retry_or_fail_all(md.error());
      return finished();
    }
    std::map<std::optional<int32_t>, std::vector<config_resource>> by_destination;
    for (const auto& r : call->pending()) {
      auto id = broker_id_of(r);
      if (id && !(*md)->broker(*id)) {
        *refresh = true;
        call->retry(r, client_error{error_code::broker_not_available,
                                    "broker " + r.name + " is not in the cluster metadata"});
        continue;
      }
      by_destination[id].push_back(r);
    }
    auto done = fan_in(by_destination.size(), finished);
    for (auto& [node, resources] : by_destination) {
      response_callback<Response> on_answer = [call, refresh, resources, settle, done](client_result<Response> r) {
        if (!r) {
          *refresh = true;
          for (const auto& res : resources) call->retry_or_fail(res, r.error());
        } else {
          settle(*r);
        }
        done();
      };
      auto request = build(resources);
      if (node) {
        ctx.template send_to_node<Response>(*node, std::move(request), std::move(on_answer));
      } else if (route == default_route::controller) {
        ctx.template send_to_controller<Response>(false, std::move(request), std::move(on_answer));
      } else {
        ctx.template send_to_any<Response>(std::move(request), std::move(on_answer));
      }
    }
  });
}

// Settles the resources of an AlterConfigs or IncrementalAlterConfigs answer.
template <class Responses>
void settle_altered(const call_ptr<config_resource, void>& call, const Responses& responses) {
  for (const auto& item : responses) {
    config_resource r = resource_of(item.resource_type, item.resource_name);
    if (item.error_code != 0) {
      call->fail(r, item_error(item.error_code, item.error_message, describe_resource(r)));
    } else {
      call->succeed(r);
    }
  }
}

template <class K, class V>
std::vector<K> keys_of(const std::map<K, V>& m) {
  std::vector<K> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

}  // namespace

admin_results<config_resource, config_description> describe_configs(admin_context& ctx,
                                                                    std::vector<config_resource> resources,
                                                                    const describe_configs_options& options) {
  using response = protocol::describe_configs_response;
  auto refresh = std::make_shared<bool>(false);
  return launch<config_resource, config_description>(
      ctx, "DescribeConfigs", resources, ctx.deadline(options.timeout),
      [options, refresh](const call_ptr<config_resource, config_description>& call, std::function<void()> finished) {
        auto build = [options](const std::vector<config_resource>& resources) {
          protocol::describe_configs_request request;
          request.include_synonyms = options.include_synonyms;
          request.include_documentation = options.include_documentation;
          for (const auto& r : resources) request.resources.push_back({static_cast<int8_t>(r.type), r.name, std::nullopt});
          return request;
        };
        auto settle = [call](const response& answer) {
          for (const auto& item : answer.results) {
            config_resource r = resource_of(item.resource_type, item.resource_name);
            if (item.error_code != 0) {
              call->fail(r, item_error(item.error_code, item.error_message, describe_resource(r)));
              continue;
            }
            config_description out;
            for (const auto& e : item.configs) out.entries.push_back(to_config_entry(e));
            call->succeed(r, std::move(out));
          }
        };
        config_round<response>(call, default_route::any_broker, refresh, build, settle, std::move(finished));
      });
}

admin_results<config_resource, void> alter_configs(admin_context& ctx,
                                                   std::map<config_resource, std::map<std::string, std::string>> configs,
                                                   const alter_configs_options& options) {
  using response = protocol::alter_configs_response;
  auto refresh = std::make_shared<bool>(false);
  auto keys = keys_of(configs);
  return launch<config_resource, void>(
      ctx, "AlterConfigs", keys, ctx.deadline(options.timeout),
      [configs = std::move(configs), validate_only = options.validate_only, refresh](
          const call_ptr<config_resource, void>& call, std::function<void()> finished) {
        auto build = [&configs, validate_only](const std::vector<config_resource>& resources) {
          protocol::alter_configs_request request;
          request.validate_only = validate_only;
          for (const auto& r : resources) {
            auto& out = request.resources.emplace_back();
            out.resource_type = static_cast<int8_t>(r.type);
            out.resource_name = r.name;
            for (const auto& [name, value] : configs.at(r)) out.configs.push_back({name, value});
          }
          return request;
        };
        auto settle = [call](const response& answer) { settle_altered(call, answer.responses); };
        config_round<response>(call, default_route::controller, refresh, build, settle, std::move(finished));
      });
}

admin_results<config_resource, void> incremental_alter_configs(
    admin_context& ctx, std::map<config_resource, std::vector<alter_config_op>> changes,
    const alter_configs_options& options) {
  using response = protocol::incremental_alter_configs_response;
  auto refresh = std::make_shared<bool>(false);
  auto keys = keys_of(changes);
  return launch<config_resource, void>(
      ctx, "IncrementalAlterConfigs", keys, ctx.deadline(options.timeout),
      [changes = std::move(changes), validate_only = options.validate_only, refresh](
          const call_ptr<config_resource, void>& call, std::function<void()> finished) {
        auto build = [&changes, validate_only](const std::vector<config_resource>& resources) {
          protocol::incremental_alter_configs_request request;
          request.validate_only = validate_only;
          for (const auto& r : resources) {
            auto& out = request.resources.emplace_back();
            out.resource_type = static_cast<int8_t>(r.type);
            out.resource_name = r.name;
            for (const auto& op : changes.at(r)) out.configs.push_back({op.name, static_cast<int8_t>(op.op), op.value});
          }
          return request;
        };
        auto settle = [call](const response& answer) { settle_altered(call, answer.responses); };
        config_round<response>(call, default_route::controller, refresh, build, settle, std::move(finished));
      });
}

}  // namespace gregor::client::admin
