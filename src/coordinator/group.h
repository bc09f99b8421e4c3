// group: one classic consumer group as the coordinator keeps it in memory — its state, members,
// generation, selected protocol and committed offsets (docs/consumer-groups.md).
//
//   Empty ──join──▶ PreparingRebalance ──all joined / rebalance timeout──▶ CompletingRebalance
//     ▲                    ▲    │ (no members left)                              │ leader's SyncGroup
//     └────────────────────┼────┘                                                ▼
//                          └──────── join / leave / session expiry ─────────  Stable
//   Dead: deleted (DeleteGroups, or offsets expired while Empty); never leaves Dead.
//
// Plain data plus small queries; the rules that move it live in group_coordinator.
// Thread-safety: none; the coordinator's mutex guards every group.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/shared_bytes.h"
#include "protocol/error_code.h"

namespace gregor::coordinator {

enum class group_state { empty, preparing_rebalance, completing_rebalance, stable, dead };

// Kafka's names, as DescribeGroups and ListGroups report them.
std::string_view state_name(group_state s);
// Parses a ListGroups states filter entry (case-insensitive, as Kafka does).
std::optional<group_state> parse_state(std::string_view name);

struct join_result {
  protocol::error_code error = protocol::error_code::none;
  int32_t generation_id = -1;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::string leader;
  bool skip_assignment = false;
  std::string member_id;
  struct member_entry {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    shared_bytes metadata;
  };
  std::vector<member_entry> members;  // only for the leader
};

struct sync_result {
  protocol::error_code error = protocol::error_code::none;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  shared_bytes assignment;
};

using join_callback = std::function<void(join_result)>;
using sync_callback = std::function<void(sync_result)>;

struct protocol_entry {
  std::string name;
  shared_bytes metadata;
  friend bool operator==(const protocol_entry&, const protocol_entry&) = default;
};

struct member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::vector<protocol_entry> protocols;  // in the member's order of preference
  shared_bytes assignment;

  join_callback awaiting_join;  // set while its JoinGroup waits for the rebalance to complete
  sync_callback awaiting_sync;  // set while its SyncGroup waits for the leader's assignment
  int64_t session_deadline_ms = 0;  // heartbeats move it; checked lazily by one timer per member
  uint64_t session_timer = 0;       // the scheduled check (0: none)
  bool is_new = false;              // joined in the current rebalance (not yet answered)

  const shared_bytes* metadata_for(std::string_view protocol) const;
};

struct committed_offset {
  int64_t offset = -1;
  int32_t leader_epoch = -1;
  std::string metadata;
  int64_t commit_timestamp_ms = 0;
  int64_t expire_timestamp_ms = -1;  // from OffsetCommit v1-v4; -1: offsets.retention.minutes applies
  uint64_t sequence = 0;             // order of commits: an older durable commit never overwrites a newer one
};

struct topic_partition_key {
  std::string topic;
  int32_t partition;
  friend auto operator<=>(const topic_partition_key&, const topic_partition_key&) = default;
};

struct group {
  std::string group_id;
  int32_t offsets_partition = 0;  // the __consumer_offsets partition that holds it
  group_state state = group_state::empty;
  int64_t state_timestamp_ms = 0;  // when it last changed state (offset expiry of empty groups)
  int32_t generation_id = 0;
  std::string protocol_type;       // empty until the first member joins (or a simple-commit group)
  std::optional<std::string> protocol_name;
  std::optional<std::string> leader_id;

  std::map<std::string, member> members;                      // by member id
  std::unordered_map<std::string, std::string> static_members; // group.instance.id -> member id
  std::unordered_map<std::string, uint64_t> pending_members;  // got MEMBER_ID_REQUIRED, not yet rejoined -> expiry timer
  std::map<topic_partition_key, committed_offset> offsets;

  uint64_t join_timer = 0;        // rebalance timeout or initial delay of the current join phase
  uint64_t join_phase = 0;        // bumped per scheduled join timer, so a stale timer is a no-op
  bool in_initial_delay = false;  // group.initial.rebalance.delay.ms is running
  bool new_member_added = false;  // a member joined during the current initial delay
  int64_t initial_delay_remaining_ms = 0;

  bool has_member(const std::string& id) const { return members.count(id) > 0; }
  bool is_leader(const std::string& id) const { return leader_id && *leader_id == id; }
  // A static member whose instance id now belongs to another member id is a zombie (KIP-345).
  bool is_fenced(const std::optional<std::string>& instance_id, const std::string& member_id) const {
    if (!instance_id) return false;
    auto it = static_members.find(*instance_id);
    return it != static_members.end() && it->second != member_id;
  }
  // True when every member's JoinGroup is waiting and nobody holds only a pending member id.
  bool all_members_joined() const;
  int32_t max_rebalance_timeout_ms() const;
  // Whether every member supports one of `protocols` (a joining member must share one).
  bool supports_protocols(std::string_view type, const std::vector<protocol_entry>& protocols) const;
  // The protocol every member supports that most members prefer (Kafka's vote).
  std::optional<std::string> select_protocol() const;
  // Topics the members subscribed to, when the group speaks the "consumer" protocol.
  std::optional<std::unordered_set<std::string>> subscribed_topics() const;
};

}  // namespace gregor::coordinator
