#include "client/assignors/assignor_factory.h"

#include "client/assignors/cooperative_sticky_assignor.h"
#include "client/assignors/range_assignor.h"
#include "client/assignors/round_robin_assignor.h"
#include "client/assignors/sticky_assignor.h"

namespace gregor::client {

std::unique_ptr<assignor> make_assignor(std::string_view name) {
  if (name == "range") return std::make_unique<range_assignor>();
  if (name == "roundrobin" || name == "round_robin") return std::make_unique<round_robin_assignor>();
  if (name == "sticky") return std::make_unique<sticky_assignor>();
  if (name == "cooperative-sticky" || name == "cooperative_sticky") return std::make_unique<cooperative_sticky_assignor>();
  return nullptr;
}

}  // namespace gregor::client
