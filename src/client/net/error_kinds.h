// error_kinds: what an error code in a broker's answer asks a client to do next. Shared by the
// producer, consumer and admin client so that all three react to a moved leader or coordinator
// the same way; each adds only what is particular to its own requests.
#pragma once

#include "protocol/error_code.h"

namespace gregor::client {

// The partition is not led by the broker we asked (or that broker cannot serve it right now):
// refresh the metadata and retry at the leader it names.
inline bool is_stale_metadata_error(protocol::error_code e) {
  using protocol::error_code;
  switch (e) {
    case error_code::not_leader_or_follower:
    case error_code::unknown_topic_or_partition:
    case error_code::leader_not_available:
    case error_code::replica_not_available:
    case error_code::fenced_leader_epoch:
    case error_code::unknown_leader_epoch:
    case error_code::kafka_storage_error:
    case error_code::offset_not_available:
      return true;
    default:
      return false;
  }
}

// The group coordinator moved or is not there: find it again with FindCoordinator.
inline bool is_coordinator_moved_error(protocol::error_code e) {
  return e == protocol::error_code::not_coordinator || e == protocol::error_code::coordinator_not_available;
}

}  // namespace gregor::client
