// The topic property table: every per-topic key Gregor accepts in CreateTopics / AlterConfigs,
// with Kafka's name, type, default, valid range and the broker properties supplying its default.
// Immutable after first use; safe to read from any thread.
#pragma once

#include <vector>

#include "config/property.h"

namespace gregor::config {

const std::vector<property_def>& topic_properties();

}  // namespace gregor::config
