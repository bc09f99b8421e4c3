// sticky_user_data: the user data the sticky assignors put in a member's subscription.
//
// The eager "sticky" assignor (KIP-54) revokes everything before rejoining, so a member reports
// what it held in its user data, in the layout Java's and librdkafka's StickyAssignor use (no
// version prefix; v1 only appends the generation):
//
//   StickyAssignorUserData v0 := PreviousAssignment:[Topic:string Partitions:[int32]]
//   StickyAssignorUserData v1 := v0 Generation:int32
//
// Decoding tries v1 and falls back to v0 (generation unknown) when no generation follows.
// "cooperative-sticky" reports its owned partitions in the subscription itself (v1+); Java's
// version adds user data holding just `Generation:int32` for leaders that predate subscription v2.
// Pure functions.
#pragma once

#include <optional>
#include <vector>

#include "base/shared_bytes.h"
#include "client/assignors/topic_partition.h"

namespace gregor::client {

struct sticky_user_data {
  std::vector<topic_partition> previous_assignment;
  std::optional<int32_t> generation;  // absent in v0
};

// Always v1 when a generation is given, v0 otherwise.
shared_bytes encode_sticky_user_data(const sticky_user_data& data);
std::optional<sticky_user_data> decode_sticky_user_data(const shared_bytes& bytes);

shared_bytes encode_cooperative_user_data(int32_t generation);
std::optional<int32_t> decode_cooperative_user_data(const shared_bytes& bytes);

}  // namespace gregor::client
