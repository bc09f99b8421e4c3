// `gregor configs`: kafka-configs.sh with Kafka's flags — declares them, works out the entity they
// name (--entity-type/--entity-name/--entity-default or the --topic/--broker/--broker-defaults/
// --group shortcuts), checks that they make sense together and runs --describe or --alter
// (config_actions.h).
#include "tools/configs/configs_tool.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <memory>

#include "tools/common/properties_reader.h"
#include "tools/common/tool_error.h"
#include "tools/configs/config_actions.h"
#include "tools/configs/config_text.h"
#include "tools/configs/configs_options.h"

namespace gregor::tools {

namespace {

void add_flags(CLI::App& cmd, configs_options& o) {
  add_client_options(cmd, o.client);
  // Checked in run() instead, so that --zookeeper alone gets its own message.
  cmd.get_option("--bootstrap-server")->required(false);
  cmd.add_option("--zookeeper", o.zookeeper,
                 "Not supported: gives an error saying to use --bootstrap-server (there is no ZooKeeper)");

  cmd.add_flag("--describe", o.describe, "List the configs of the entity (only dynamic ones unless --all)");
  cmd.add_flag("--alter", o.alter, "Set (--add-config) and remove (--delete-config) configs of the entity");
  cmd.add_flag("--all", o.all, "With --describe: every config, including defaults and static broker settings");

  cmd.add_option("--entity-type", o.entity_type,
                 "topics, brokers or groups (group configs need a broker that supports them, KIP-848)");
  cmd.add_option("--entity-name", o.entity_name,
                 "Topic name, broker id or group id; --describe without it covers every topic or broker");
  cmd.add_flag("--entity-default", o.entity_default, "With --entity-type brokers: the cluster-wide broker default");
  cmd.add_option("--topic", o.topic, "Shortcut for --entity-type topics --entity-name TOPIC");
  cmd.add_option("--broker", o.broker, "Shortcut for --entity-type brokers --entity-name ID");
  cmd.add_flag("--broker-defaults", o.broker_defaults, "Shortcut for --entity-type brokers --entity-default");
  cmd.add_option("--group", o.group, "Shortcut for --entity-type groups --entity-name GROUP");

  cmd.add_option("--add-config", o.add_config,
                 "Configs to set with --alter: k1=v1,k2=[v1,v2],k3=v3 (square brackets group a list value)");
  cmd.add_option("--add-config-file", o.add_config_file, "A .properties file of configs to set with --alter")
      ->check(CLI::ExistingFile);
  cmd.add_option("--delete-config", o.delete_configs, "Configs to remove with --alter: k1,k2 (repeatable)")
      ->allow_extra_args(false)
      ->take_all();
}

bool is_broker_id(const std::string& text) {
  int32_t id = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size() && id >= 0;
}

// The entity the flags name: kind, and the name (nullopt: every entity of the kind; "" for the
// broker default).
struct named_entity {
  entity_kind kind;
  std::optional<std::string> name;
};

named_entity resolve_entity(const configs_options& o) {
  int shortcuts = o.topic.has_value() + o.broker.has_value() + o.broker_defaults + o.group.has_value();
  if (shortcuts > 0) {
    if (shortcuts > 1 || o.entity_type || o.entity_name || o.entity_default)
      throw tool_error("give the entity once: either --entity-type/--entity-name/--entity-default or one of "
                       "--topic, --broker, --broker-defaults, --group");
    if (o.topic) return {entity_kind::topic, *o.topic};
    if (o.group) return {entity_kind::group, *o.group};
    if (o.broker) return {entity_kind::broker, *o.broker};
    return {entity_kind::broker, std::string()};
  }
  if (!o.entity_type) throw tool_error("--entity-type is required (topics, brokers or groups)");
  named_entity out{parse_entity_type(*o.entity_type), o.entity_name};
  if (o.entity_default) {
    if (out.kind != entity_kind::broker) throw tool_error("--entity-default can only be used with --entity-type brokers");
    if (o.entity_name) throw tool_error("--entity-name and --entity-default cannot be used together");
    out.name = "";
  }
  return out;
}

void validate(const configs_options& o, const named_entity& entity) {
  if (o.describe + o.alter != 1) throw tool_error("exactly one action must be given: --describe or --alter");
  if (o.all && !o.describe) throw tool_error("--all can only be used with --describe");
  bool changes = o.add_config || o.add_config_file || !o.delete_configs.empty();
  if (changes && !o.alter) throw tool_error("--add-config, --add-config-file and --delete-config need --alter");
  if (o.alter && !changes) throw tool_error("--alter needs --add-config, --add-config-file or --delete-config");
  if (o.add_config && o.add_config_file) throw tool_error("give either --add-config or --add-config-file, not both");
  if (o.alter && !entity.name)
    throw tool_error("--alter needs --entity-name" +
                     std::string(entity.kind == entity_kind::broker ? " or --entity-default" : ""));
  if (entity.kind == entity_kind::broker && entity.name && !entity.name->empty() && !is_broker_id(*entity.name))
    throw tool_error("the entity name for brokers must be a broker id (a non-negative integer), not '" + *entity.name + "'");
  if (entity.kind == entity_kind::topic && entity.name && entity.name->empty())
    throw tool_error("--entity-name must not be empty");
}

config_changes read_changes(const configs_options& o) {
  config_changes changes;
  if (o.add_config) changes.set = parse_add_config(*o.add_config);
  if (o.add_config_file) changes.set = read_properties_file(*o.add_config_file);
  for (const auto& text : o.delete_configs)
    for (auto& name : parse_delete_config(text)) changes.remove.push_back(std::move(name));
  return changes;
}

// A broker id the cluster does not have would be retried until the timeout; say so at once.
void check_broker_exists(kafka_admin_client& admin, const std::string& id) {
  auto cluster = admin.describe_cluster().get();  // a copy: the future's value dies with the future
  for (const auto& node : cluster.nodes)
    if (std::to_string(node.id) == id) return;
  throw tool_error("Broker " + id + " is not in the cluster");
}

int run(const configs_options& o) {
  if (o.zookeeper)
    throw tool_error("ZooKeeper is not supported by Gregor's tools (--zookeeper); connect to a broker with "
                     "--bootstrap-server HOST:PORT");
  if (o.client.bootstrap_server.empty()) throw tool_error("--bootstrap-server is required");
  auto entity = resolve_entity(o);
  validate(o, entity);
  config_changes changes;
  if (o.alter) changes = read_changes(o);  // before connecting: a bad list needs no broker

  kafka_admin_client admin(client_config(o.client));
  if (entity.kind == entity_kind::broker && entity.name && !entity.name->empty()) check_broker_exists(admin, *entity.name);
  if (o.alter) return alter_entity_configs(admin, {entity.kind, *entity.name}, changes);
  auto entities = entity.name ? std::vector<config_entity>{{entity.kind, *entity.name}} : all_entities(admin, entity.kind);
  return describe_entity_configs(admin, entities, o.all);
}

}  // namespace

tool_command add_configs_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand("configs", "Describe and alter topic, broker and group configs (kafka-configs.sh)");
  auto options = std::make_shared<configs_options>();
  add_flags(*cmd, *options);
  return {cmd, [options]() { return run(*options); }};
}

}  // namespace gregor::tools
