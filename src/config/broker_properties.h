// The broker property table: every key Gregor reads from server.properties, with Kafka's name,
// type, default and valid range. A key listed here is a promise that the broker honours it.
// Immutable after first use; safe to read from any thread.
#pragma once

#include <vector>

#include "config/property.h"

namespace gregor::config {

const std::vector<property_def>& broker_properties();

}  // namespace gregor::config
