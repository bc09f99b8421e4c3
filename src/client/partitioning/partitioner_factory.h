// partitioner_factory: maps the producer's `partitioner` setting to an implementation.
//
// Names: "default", "sticky", "murmur2" -> default_partitioner (Kafka's default: murmur2 for keys,
// sticky for null keys); "murmur2_random" -> murmur2_random_partitioner; "round_robin",
// "roundrobin" -> round_robin_partitioner. Unknown names give nullptr, so configuration
// validation can report them.
#pragma once

#include <memory>
#include <string_view>

#include "client/partitioning/partitioner.h"

namespace gregor::client {

std::unique_ptr<partitioner> make_partitioner(std::string_view name);

}  // namespace gregor::client
