// topic_config: validation, incremental operations, effective values and persistence text.
#include "config/topic_config.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "config/config_value.h"
#include "config/topic_properties.h"

namespace gregor::config {
namespace {

result<const property_def*> lookup(std::string_view name) {
  const property_def* def = find_property(topic_properties(), name);
  if (def == nullptr) return fail(fmt::format("Unknown topic config name: {}", name));
  return def;
}

config_error invalid_request(std::string message) {
  return {config_errc::invalid_request, std::move(message)};
}

}  // namespace

topic_config::topic_config(std::shared_ptr<const topic_defaults> defaults)
    : defaults_(std::move(defaults)),
      // topic_defaults::from() and the broker loader guarantee the defaults are consistent.
      settings_(build_topic_settings(overrides_, *defaults_).value()) {}

result<topic_config> topic_config::create(std::shared_ptr<const topic_defaults> defaults,
                                          const property_list& overrides) {
  topic_config config(std::move(defaults));
  if (auto ok = config.replace_all(overrides); !ok) return fail(ok.error());
  return config;
}

result<void> topic_config::commit(override_map candidate) {
  auto settings = build_topic_settings(candidate, *defaults_);
  if (!settings) return fail(settings.error());
  overrides_ = std::move(candidate);
  settings_ = std::move(*settings);
  return {};
}

result<void> topic_config::set(std::string_view name, std::string_view value) {
  auto def = lookup(name);
  if (!def) return fail(def.error());
  auto canonical = canonicalize(**def, value);
  if (!canonical) return fail(canonical.error());
  override_map candidate = overrides_;
  candidate[std::string(name)] = std::move(*canonical);
  return commit(std::move(candidate));
}

result<void> topic_config::unset(std::string_view name) {
  if (auto def = lookup(name); !def) return fail(def.error());
  override_map candidate = overrides_;
  if (auto it = candidate.find(name); it != candidate.end()) candidate.erase(it);
  return commit(std::move(candidate));
}

result<void> topic_config::replace_all(const property_list& entries) {
  override_map candidate;
  for (const auto& [name, value] : entries) {
    auto def = lookup(name);
    if (!def) return fail(def.error());
    auto canonical = canonicalize(**def, value);
    if (!canonical) return fail(canonical.error());
    candidate[name] = std::move(*canonical);
  }
  return commit(std::move(candidate));
}

result<void, config_error> topic_config::apply(std::span<const alter_op> ops) {
  std::set<std::string_view> seen;
  for (const auto& op : ops) {
    if (!seen.insert(op.name).second) {
      return fail(invalid_request(fmt::format("Duplicate config key in request: {}", op.name)));
    }
  }
  topic_config scratch = *this;
  for (const auto& op : ops) {
    auto def = lookup(op.name);
    if (!def) return fail(config_error{config_errc::invalid_config, def.error()});
    if (op.op != alter_op_type::remove && !op.value) {
      return fail(invalid_request(fmt::format("Null value not supported for {}", op.name)));
    }
    result<void> done;
    switch (op.op) {
      case alter_op_type::set:
        done = scratch.set(op.name, *op.value);
        break;
      case alter_op_type::remove:
        done = scratch.unset(op.name);
        break;
      case alter_op_type::append:
      case alter_op_type::subtract: {
        if ((*def)->type != config_type::list) {
          return fail(invalid_request(fmt::format(
              "Config value {} is not allowed for non-list config {}",
              op.op == alter_op_type::append ? "append" : "subtract", op.name)));
        }
        string_list current = split_list(scratch.get_effective(op.name)->value.value_or(""));
        for (const auto& item : split_list(*op.value)) {
          auto pos = std::find(current.begin(), current.end(), item);
          if (op.op == alter_op_type::append && pos == current.end()) current.push_back(item);
          if (op.op == alter_op_type::subtract) std::erase(current, item);
        }
        done = scratch.set(op.name, join_list(current));
        break;
      }
      default:
        return fail(invalid_request(fmt::format("Unknown operation {} for {}",
                                                static_cast<int>(op.op), op.name)));
    }
    if (!done) return fail(config_error{config_errc::invalid_config, done.error()});
  }
  *this = std::move(scratch);
  return {};
}

result<config_entry> topic_config::get_effective(std::string_view name) const {
  auto def = lookup(name);
  if (!def) return fail(def.error());
  const topic_defaults::entry* dflt = defaults_->find(name);
  config_entry e;
  e.name = std::string(name);
  e.type = (*def)->type;
  e.documentation = (*def)->doc;
  e.is_sensitive = (*def)->type == config_type::password;
  e.read_only = false;
  if (auto it = overrides_.find(name); it != overrides_.end()) {
    e.value = it->second;
    e.source = config_source::dynamic_topic_config;
    e.synonyms.push_back({e.name, e.value, e.source});
  } else {
    e.value = dflt->value;
    e.source = dflt->source;
  }
  e.synonyms.insert(e.synonyms.end(), dflt->broker_synonyms.begin(), dflt->broker_synonyms.end());
  if (e.is_sensitive) {
    e.value.reset();
    for (auto& s : e.synonyms) s.value.reset();
  }
  return e;
}

std::vector<config_entry> topic_config::describe() const {
  std::vector<config_entry> out;
  out.reserve(topic_properties().size());
  for (const auto& def : topic_properties()) out.push_back(*get_effective(def.name));
  return out;
}

std::string topic_config::serialize() const {
  property_list entries(overrides_.begin(), overrides_.end());
  return format_properties(entries, "Gregor topic config overrides");
}

result<topic_config::loaded> topic_config::deserialize(
    std::shared_ptr<const topic_defaults> defaults, std::string_view text) {
  auto entries = parse_properties(text);
  if (!entries) return fail(entries.error());
  loaded out{topic_config(std::move(defaults)), {}};
  property_list known;
  for (auto& [name, value] : *entries) {
    if (find_property(topic_properties(), name) == nullptr) {
      out.warnings.push_back(fmt::format("Unknown topic config {} ignored", name));
    } else {
      known.emplace_back(std::move(name), std::move(value));
    }
  }
  if (auto ok = out.config.replace_all(known); !ok) return fail(ok.error());
  return out;
}

}  // namespace gregor::config
