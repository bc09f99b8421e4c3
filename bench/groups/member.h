// group_member: one consumer-group member spoken at the protocol level, the way a Kafka consumer's
// coordinator code does it (JoinGroup with the MEMBER_ID_REQUIRED round trip, SyncGroup, Heartbeat,
// LeaveGroup, OffsetCommit). It owns no connection: calls go over the kafka_client it is given,
// so one connection can serve one member (rebalance scenario) or several in turn (idle groups).
// Not thread-safe; calls block until the broker answers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common.h"

namespace gregor::bench {

struct member_config {
  int32_t session_timeout_ms = 10000;
  int32_t rebalance_timeout_ms = 8000;  // below kafka_client's 10 s read timeout
  std::string topic = "bench-topic";    // the subscription the member announces
};

// When the last JoinGroup of a successful join_and_sync() went out, and when its SyncGroup came back.
struct join_timing {
  steady::time_point join_sent;
  steady::time_point join_answered;
  steady::time_point sync_answered;
};

class group_member {
 public:
  group_member(std::string group, member_config config = {});

  // JoinGroup until the member is in a generation, then SyncGroup (the leader assigns each member
  // one partition). Retries MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS (from SyncGroup),
  // UNKNOWN_MEMBER_ID (joins afresh) and coordinator loading. Returns the final error code (0: in
  // the group, Stable from this member's point of view).
  int16_t join_and_sync(kafka_client& c, join_timing* timing = nullptr);
  int16_t heartbeat(kafka_client& c);
  int16_t leave(kafka_client& c);
  // Commits `offsets[i]` for partition i of `topic`; returns the first non-zero error (or 0).
  int16_t commit(kafka_client& c, const std::string& topic, const std::vector<int64_t>& offsets);
  // Forgets the member id (the next join_and_sync() joins as a new member).
  void reset() { member_id_.clear(); generation_ = -1; leader_ = false; }

  const std::string& group() const { return group_; }
  const std::string& member_id() const { return member_id_; }
  int32_t generation() const { return generation_; }
  bool is_leader() const { return leader_; }
  // Calls that came back with no response at all (timeout or decode failure).
  int failures() const { return failures_; }

 private:
  std::string group_;
  member_config config_;
  std::string member_id_;
  int32_t generation_ = -1;
  bool leader_ = false;
  int failures_ = 0;
};

// Error codes the scenarios look at.
namespace err {
constexpr int16_t none = 0;
constexpr int16_t no_response = -100;  // ours: the call failed on the client side
constexpr int16_t coordinator_load_in_progress = 14;
constexpr int16_t coordinator_not_available = 15;
constexpr int16_t illegal_generation = 22;
constexpr int16_t unknown_member_id = 25;
constexpr int16_t rebalance_in_progress = 27;
constexpr int16_t member_id_required = 79;
}  // namespace err

std::string error_text(int16_t code);

}  // namespace gregor::bench
