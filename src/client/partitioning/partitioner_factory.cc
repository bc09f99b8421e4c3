#include "client/partitioning/partitioner_factory.h"

#include "client/partitioning/default_partitioner.h"
#include "client/partitioning/murmur2_random_partitioner.h"
#include "client/partitioning/round_robin_partitioner.h"

namespace gregor::client {

std::unique_ptr<partitioner> make_partitioner(std::string_view name) {
  if (name == "default" || name == "sticky" || name == "murmur2") return std::make_unique<default_partitioner>();
  if (name == "murmur2_random") return std::make_unique<murmur2_random_partitioner>();
  if (name == "round_robin" || name == "roundrobin") return std::make_unique<round_robin_partitioner>();
  return nullptr;
}

}  // namespace gregor::client
