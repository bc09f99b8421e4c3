// assignor_factory: maps `partition.assignment.strategy` names to assignors.
//
// Names are the JoinGroup protocol names Kafka uses — "range", "roundrobin", "sticky",
// "cooperative-sticky" — plus the spellings "round_robin" and "cooperative_sticky". Unknown names
// give nullptr so configuration validation can report them.
#pragma once

#include <memory>
#include <string_view>

#include "client/assignors/assignor.h"

namespace gregor::client {

std::unique_ptr<assignor> make_assignor(std::string_view name);

}  // namespace gregor::client
