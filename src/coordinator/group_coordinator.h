// group_coordinator: Kafka's classic group protocol and committed offsets for every group whose
// `__consumer_offsets` partition this broker holds (docs/consumer-groups.md).
//
// Membership: JoinGroup / SyncGroup / Heartbeat / LeaveGroup drive the group state machine in
// group.h, with session expiry, rebalance timeouts and the initial rebalance delay on timers from
// a `scheduler`. The broker never looks inside protocol metadata or assignments: any assignor works.
// Offsets: OffsetCommit is answered only after its records are durable in `__consumer_offsets`
// (the offsets_store fsyncs them); the in-memory view is updated at that moment, so a fetch never
// sees an offset that a crash could lose. Loading replays a partition's records at startup.
//
// Thread-safety: every public method is thread-safe (one mutex). Callbacks are never invoked with
// the mutex held; they may run on the caller's thread, the timer thread or the store's thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "coordinator/group.h"
#include "coordinator/offsets_topic_records.h"
#include "coordinator/scheduler.h"

namespace gregor::coordinator {

struct coordinator_config {
  int32_t offsets_partitions = 50;                 // offsets.topic.num.partitions
  int32_t min_session_timeout_ms = 6000;           // group.min.session.timeout.ms
  int32_t max_session_timeout_ms = 1800000;        // group.max.session.timeout.ms
  int32_t initial_rebalance_delay_ms = 3000;       // group.initial.rebalance.delay.ms
  int32_t max_group_size = 2147483647;             // group.max.size
  int64_t offsets_retention_ms = 7LL * 24 * 3600 * 1000;      // offsets.retention.minutes
  int64_t offsets_retention_check_interval_ms = 600000;        // offsets.retention.check.interval.ms
  int32_t offset_metadata_max_bytes = 4096;                   // offset.metadata.max.bytes
};

// Where the coordinator's records go: the `__consumer_offsets` partitions.
class offsets_store {
 public:
  using record = std::pair<shared_bytes, std::optional<shared_bytes>>;  // key, value (null: tombstone)
  virtual ~offsets_store() = default;
  // Appends to `partition` and calls `done` once the records are durable (or failed).
  virtual void append(int32_t partition, std::vector<record> records,
                      std::function<void(protocol::error_code)> done) = 0;
};

struct client_info {
  std::string client_id;
  std::string client_host;
};

struct join_request {
  std::string group_id;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::string protocol_type;
  std::vector<protocol_entry> protocols;
  bool require_known_member_id = false;  // JoinGroup v4+
  bool supports_skip_assignment = false; // JoinGroup v9+
};

struct sync_request {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::vector<std::pair<std::string, shared_bytes>> assignments;
};

struct leaving_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

struct leave_result {
  protocol::error_code error = protocol::error_code::none;
  std::vector<protocol::error_code> member_errors;  // one per leaving member
};

struct offset_to_commit {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int32_t leader_epoch = -1;
  std::optional<std::string> metadata;
  int64_t commit_timestamp_ms = -1;  // v1 only; -1: now
};

struct commit_request {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  int64_t retention_time_ms = -1;  // v2-v4; -1: broker default
  std::vector<offset_to_commit> offsets;
};

struct fetched_offset {
  std::string topic;
  int32_t partition = 0;
  committed_offset value;   // offset -1 when nothing is committed
  protocol::error_code error = protocol::error_code::none;
};

struct fetch_offsets_result {
  protocol::error_code error = protocol::error_code::none;
  std::vector<fetched_offset> offsets;
};

struct described_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  shared_bytes metadata;
  shared_bytes assignment;
};

struct group_description {
  protocol::error_code error = protocol::error_code::none;
  std::string group_id;
  bool exists = false;
  std::string state;
  std::string protocol_type;
  std::string protocol_name;
  std::vector<described_member> members;
};

struct group_listing {
  std::string group_id;
  std::string protocol_type;
  std::string state;
};

class group_coordinator {
 public:
  group_coordinator(coordinator_config config, scheduler& timers, offsets_store& store);
  ~group_coordinator();

  const coordinator_config& config() const { return config_; }
  int32_t partition_for(std::string_view group_id) const;

  // --- ownership of __consumer_offsets partitions ---------------------------------------------
  // A partition is unknown until begin_loading(); requests for its groups then get
  // COORDINATOR_LOAD_IN_PROGRESS until finish_loading().
  void begin_loading(int32_t partition);
  void load_record(int32_t partition, const shared_bytes& key, const std::optional<shared_bytes>& value,
                   int64_t timestamp_ms);
  void finish_loading(int32_t partition);
  // NONE, COORDINATOR_LOAD_IN_PROGRESS or NOT_COORDINATOR (COORDINATOR_NOT_AVAILABLE before the
  // offsets topic exists).
  protocol::error_code status_for(std::string_view group_id) const;

  // --- membership ------------------------------------------------------------------------------
  void join_group(join_request request, const client_info& client, std::function<void(join_result)> done);
  void sync_group(sync_request request, std::function<void(sync_result)> done);
  protocol::error_code heartbeat(const std::string& group_id, int32_t generation_id, const std::string& member_id,
                                 const std::optional<std::string>& group_instance_id);
  leave_result leave_group(const std::string& group_id, const std::vector<leaving_member>& members);

  // --- offsets ---------------------------------------------------------------------------------
  // `topic_exists(topic, partition)` screens out unknown partitions (UNKNOWN_TOPIC_OR_PARTITION).
  void commit_offsets(commit_request request, const std::function<bool(const std::string&, int32_t)>& partition_exists,
                      std::function<void(protocol::error_code, std::vector<protocol::error_code>)> done);
  // `partitions` nullopt: every committed offset of the group.
  fetch_offsets_result fetch_offsets(const std::string& group_id,
                                     const std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>>& partitions);
  // OffsetDelete: top-level error and one error per (topic, partition) in request order.
  void delete_offsets(const std::string& group_id, std::vector<std::pair<std::string, int32_t>> partitions,
                      std::function<void(protocol::error_code, std::vector<protocol::error_code>)> done);

  // --- administration --------------------------------------------------------------------------
  group_description describe_group(const std::string& group_id) const;
  std::vector<group_listing> list_groups(const std::vector<std::string>& states_filter) const;
  void delete_groups(std::vector<std::string> group_ids,
                     std::function<void(std::vector<protocol::error_code>)> done);

  // Removes expired offsets (and then empty groups without offsets); runs on its own timer too.
  void expire_offsets();
  // Forgets every group's committed offsets of deleted topics (tombstones in __consumer_offsets),
  // and then empty groups left without offsets, as Kafka does when topics are deleted.
  void remove_offsets_of_topics(const std::vector<std::string>& topics);
  // Answers every waiting JoinGroup/SyncGroup with NOT_COORDINATOR and cancels all timers.
  void shutdown();

  size_t group_count() const;

 private:
  using completions = std::vector<std::function<void()>>;
  enum class partition_status { loading, loaded };

  group* find_group(const std::string& id);
  const group* find_group(const std::string& id) const;
  protocol::error_code status_locked(int32_t partition) const;
  group& get_or_create(const std::string& id);
  void set_state(group& g, group_state s);

  // Join internals (mutex held; callbacks to run later go into `out`).
  void add_member_and_rebalance(group& g, join_request& request, const client_info& client, std::string member_id,
                                join_callback done, completions& out);
  void update_member_and_rebalance(group& g, member& m, join_request& request, join_callback done,
                                   completions& out);
  void rejoin_static_member(group& g, join_request& request, const client_info& client, join_callback done,
                            completions& out);
  void prepare_rebalance(group& g, std::string_view reason, completions& out);
  void maybe_complete_join(group& g, completions& out);
  void complete_join(group& g, completions& out);
  void on_join_timer(const std::string& group_id, uint64_t phase);
  join_result join_response_for(const group& g, const member& m, bool for_leader) const;
  void remove_member(group& g, const std::string& member_id, std::string_view reason, completions& out);
  void reset_and_propagate_assignment_error(group& g, protocol::error_code error, completions& out);
  void propagate_assignment(group& g, completions& out);

  // Session timers: a deadline per member, one scheduled check that re-arms lazily.
  void touch_session(group& g, member& m);
  void arm_session_timer(group& g, member& m);
  void on_session_timer(const std::string& group_id, const std::string& member_id);
  void schedule_pending_member_expiry(group& g, const std::string& member_id, int32_t session_timeout_ms);

  // Persistence.
  group_metadata_value metadata_record(const group& g) const;
  void store_group(group& g, std::function<void(protocol::error_code)> done, completions& out);
  void write_tombstones(group& g, const std::vector<topic_partition_key>& offsets, bool group_too,
                        std::function<void(protocol::error_code)> done, completions& out);
  void schedule_expiry();
  void run(completions& out);

  const coordinator_config config_;
  scheduler& timers_;
  offsets_store& store_;

  mutable std::mutex mutex_;
  std::unordered_map<int32_t, partition_status> partitions_;
  std::unordered_map<std::string, std::unique_ptr<group>> groups_;
  uint64_t expiry_timer_ = 0;
  bool shut_down_ = false;
};

}  // namespace gregor::coordinator
