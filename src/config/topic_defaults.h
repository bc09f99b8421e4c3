// topic_defaults: what every topic inherits when it has no override of its own, derived once
// from the broker_config (retention.ms <- log.retention.ms/minutes/hours, and so on). Each value
// carries its source: STATIC_BROKER_CONFIG when a synonym was set in server.properties,
// DEFAULT_CONFIG otherwise. Immutable; shared by all topic_config objects through
// shared_ptr<const topic_defaults>; safe to read from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/broker_config.h"
#include "config/config_entry.h"

namespace gregor::config {

class topic_defaults {
 public:
  struct entry {
    std::string value;  // canonical text, valid for the topic property
    config_source source = config_source::default_config;
    std::vector<config_synonym> broker_synonyms;  // explicit ones first, then the default
  };

  // Fails when a broker value is not valid for the topic property it feeds (e.g. a negative
  // log.flush.interval.ms); load_broker_config() checks this so a running broker never fails.
  static result<std::shared_ptr<const topic_defaults>> from(const broker_config& broker);

  // The entry for a topic property; nullptr if the name is not a topic property.
  const entry* find(std::string_view name) const;

 private:
  std::map<std::string, entry, std::less<>> entries_;
};

}  // namespace gregor::config
