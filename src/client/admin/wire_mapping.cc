// wire_mapping: protocol structs to the admin client's public types.
#include "client/admin/wire_mapping.h"

#include <charconv>

namespace gregor::client::admin {

namespace {

config_source source_of(int8_t wire) {
  return wire >= 0 && wire <= 8 ? static_cast<config_source>(wire) : config_source::unknown;
}

}  // namespace

cluster_node to_cluster_node(const broker_node& b) { return cluster_node{b.id, b.host, b.port, b.rack}; }

config_entry to_config_entry(
    const protocol::describe_configs_response::describe_configs_result::describe_configs_resource_result& e) {
  config_entry out;
  out.name = e.name;
  out.value = e.value;
  out.read_only = e.read_only;
  out.is_sensitive = e.is_sensitive;
  if (e.config_source < 0) {
    out.is_default = e.is_default;
  } else {
    out.source = source_of(e.config_source);
    out.is_default = out.source == config_source::default_config;
  }
  for (const auto& s : e.synonyms) out.synonyms.push_back({s.name, s.value, source_of(s.source)});
  out.type = e.config_type >= 0 && e.config_type <= 9 ? static_cast<config_type>(e.config_type) : config_type::unknown;
  out.documentation = e.documentation;
  return out;
}

config_entry to_config_entry(const protocol::create_topics_response::creatable_topic_result::creatable_topic_configs& e) {
  config_entry out;
  out.name = e.name;
  out.value = e.value;
  out.read_only = e.read_only;
  out.is_sensitive = e.is_sensitive;
  out.source = source_of(e.config_source);
  out.is_default = out.source == config_source::default_config;
  return out;
}

std::optional<int32_t> broker_id_of(const config_resource& r) {
  if (r.type != config_resource_type::broker && r.type != config_resource_type::broker_logger) return std::nullopt;
  int32_t id = -1;
  auto [p, ec] = std::from_chars(r.name.data(), r.name.data() + r.name.size(), id);
  if (r.name.empty() || ec != std::errc() || p != r.name.data() + r.name.size() || id < 0) return std::nullopt;
  return id;
}

}  // namespace gregor::client::admin
