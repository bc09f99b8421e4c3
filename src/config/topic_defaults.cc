// Deriving per-topic defaults from the broker configuration.
#include "config/topic_defaults.h"

#include "config/config_value.h"
#include "config/topic_properties.h"

namespace gregor::config {

result<std::shared_ptr<const topic_defaults>> topic_defaults::from(const broker_config& broker) {
  auto out = std::make_shared<topic_defaults>();
  for (const auto& def : topic_properties()) {
    entry e;
    e.value = def.default_value ? std::string(*def.default_value) : std::string();
    if (!def.broker_synonyms.empty()) {
      std::string_view primary = def.broker_synonyms.front();
      if (auto resolved = broker.resolved_text(primary)) e.value = *resolved;
      for (std::string_view key : def.broker_synonyms) {
        if (auto it = broker.explicit_values.find(key); it != broker.explicit_values.end()) {
          e.source = config_source::static_broker_config;
          e.broker_synonyms.push_back(
              {std::string(key), it->second, config_source::static_broker_config});
        }
      }
      if (def.default_value) {
        e.broker_synonyms.push_back({std::string(primary), std::string(*def.default_value),
                                     config_source::default_config});
      }
    }
    auto canonical = canonicalize(def, e.value);
    if (!canonical) {
      std::string_view source = def.broker_synonyms.empty() ? def.name : def.broker_synonyms[0];
      return fail("Broker value for " + std::string(source) +
                  " is not a valid topic default: " + canonical.error());
    }
    e.value = std::move(*canonical);
    out->entries_.emplace(std::string(def.name), std::move(e));
  }
  return std::shared_ptr<const topic_defaults>(std::move(out));
}

const topic_defaults::entry* topic_defaults::find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace gregor::config
