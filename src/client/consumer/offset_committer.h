// offset_committer: commit(), commit_async() and committed() as the application thread sees them.
//
// Requests go out on the I/O thread (committed_offsets.h); a synchronous call waits for the
// answer and retries coordinator moves and loading (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
// COORDINATOR_LOAD_IN_PROGRESS, timeouts) every retry_backoff_ms until its deadline. A member of
// a group commits in its generation; answers that say the generation is over end it:
//   UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION  -> the generation is reset, commit_failed_error
//   REBALANCE_IN_PROGRESS                   -> a rejoin is requested, commit_failed_error
// (Kafka's CommitFailedException / RebalanceInProgressException). A consumer outside group
// management (assign()) commits with generation -1 and no member id.
// commit_async() callbacks are queued and run by run_callbacks() on the application thread.
// Thread-safety: the public methods are for the application thread; run_callbacks' queue is
// shared with the I/O thread under a mutex.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "client/consumer/committed_offsets.h"
#include "client/consumer/consumer_metrics.h"
#include "client/consumer/group_membership.h"
#include "client/consumer/subscription_state.h"
#include "client/net/io_thread.h"
#include "gregor/consumer.h"

namespace gregor::client {

class offset_committer {
 public:
  using clock = std::chrono::steady_clock;
  using offsets_map = std::map<gregor::topic_partition, offset_and_metadata>;

  // `membership` is null when there is no group management at all (no group_id).
  offset_committer(io_thread& io, coordinator_channel& channel, group_membership* membership,
                   subscription_state& state, consumer_metrics& metrics, int32_t retry_backoff_ms)
      : io_(io), channel_(channel), membership_(membership), state_(state), metrics_(metrics),
        retry_backoff_ms_(retry_backoff_ms) {}

  // Throws commit_failed_error, kafka_error or kafka_timeout_error.
  void commit_sync(const offsets_map& offsets, clock::time_point deadline);
  // Like commit_sync, but reports failure as false instead of throwing (auto commit, close).
  bool commit_quietly(const offsets_map& offsets, clock::time_point deadline);
  void commit_async(const offsets_map& offsets, offset_commit_callback callback);
  // False when a group member has no generation to commit in (rebalancing or left).
  bool can_commit() const;

  committed_map committed(const std::vector<gregor::topic_partition>& partitions, clock::time_point deadline);

  // Runs the callbacks of finished commit_async() calls.
  void run_callbacks();

 private:
  struct finished_commit {
    offsets_map offsets;
    offset_commit_callback callback;
    std::exception_ptr error;
  };

  commit_generation generation_for_commit() const;
  // Turns a commit failure into an exception (after updating the membership).
  std::exception_ptr classify(const client_error& e, const commit_generation& generation);
  static bool retriable(protocol::error_code e);

  io_thread& io_;
  coordinator_channel& channel_;
  group_membership* membership_;
  subscription_state& state_;
  consumer_metrics& metrics_;
  int32_t retry_backoff_ms_;

  std::mutex mutex_;
  std::deque<finished_commit> finished_;
};

}  // namespace gregor::client
