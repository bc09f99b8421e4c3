// subscription_state: what a consumer reads and where it stands in each partition.
//
// Shared by the application thread (subscribe, assign, seek, pause, poll's drain) and the I/O
// thread (fetcher, position lookups, metadata); every method takes the one internal mutex briefly
// and none calls out while holding it, so it never takes part in a lock cycle.
//
// Per assigned partition it keeps:
//   - the position: the next offset poll() returns, once known. A new partition first looks up
//     the group's committed offset (init::committed), falling back to auto_offset_reset
//     (init::reset); seek() sets it directly (init::ready).
//   - the fetch pipeline: a fetch epoch, the next offset to fetch, whether a fetch is in flight,
//     and the completed fetches waiting for poll(). The I/O thread may fetch ahead of the position
//     up to a small number of buffered responses, so poll() rarely waits on the network. seek(),
//     resets, pause() and reassignment bump the epoch and drop what was buffered; fetches still in
//     flight for an old epoch are dropped when they arrive.
//   - paused, the last high watermark / log start / last stable offset, and a pending error
//     (no offset and auto_offset_reset=none) that poll() raises until the partition is seeked.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "client/consumer/completed_fetch.h"
#include "client/consumer/consumer_config.h"
#include "client/net/client_error.h"
#include "gregor/types.h"

namespace gregor::client {

enum class subscription_kind { none, topics, pattern, manual };

class subscription_state {
 public:
  // How a newly assigned partition finds its position.
  enum class position_source { committed, reset };

  struct fetch_target {
    gregor::topic_partition tp;
    uint64_t epoch = 0;
    int64_t offset = 0;
    bool caught_up = false;  // offset is at the last known high watermark: nothing more to fetch yet
  };

  struct lookup {
    gregor::topic_partition tp;
    offset_reset_strategy strategy = offset_reset_strategy::latest;
    uint64_t epoch = 0;  // the partition's epoch when the lookup started: a later seek or reset makes it stale
  };

  // A completed fetch handed to poll(), with the position to start reading at.
  struct taken_fetch {
    completed_fetch fetch;
    int64_t position = 0;
  };

  explicit subscription_state(offset_reset_strategy default_reset) : default_reset_(default_reset) {}

  // ---- subscription (application thread) ----
  // Each throws illegal_state_error when mixing subscribe() with assign().
  // Returns true when the subscribed topics changed.
  bool subscribe(std::vector<std::string> topics);
  void subscribe(std::regex pattern);
  // Sets the manual assignment; new partitions find their position from `source`.
  void assign(const std::vector<gregor::topic_partition>& partitions, position_source source);
  void unsubscribe();
  subscription_kind kind() const;
  bool group_managed() const;
  std::set<std::string> subscribed_topics() const;
  // Topics whose metadata the consumer needs; nullopt: all (pattern subscription).
  std::optional<std::vector<std::string>> metadata_topics() const;
  // Pattern subscription: recomputes the matching topics; true when they changed.
  bool update_pattern_matches(const std::vector<std::string>& all_topics);

  // ---- assignment ----
  // The group's assignment: retained partitions keep their state, new ones start from `source`.
  void set_assignment(const std::vector<gregor::topic_partition>& partitions, position_source source);
  std::vector<gregor::topic_partition> assigned() const;
  bool is_assigned(const gregor::topic_partition& tp) const;

  // ---- positions (application thread) ----
  // nullopt when not yet known. Throws illegal_state_error when not assigned.
  std::optional<int64_t> position(const gregor::topic_partition& tp) const;
  void seek(const gregor::topic_partition& tp, int64_t offset);
  void request_reset(const std::vector<gregor::topic_partition>& partitions, offset_reset_strategy strategy);
  // OFFSET_OUT_OF_RANGE at `fetch_offset`: resets per auto_offset_reset when the position is still
  // there. Returns false when the strategy is none (the caller raises).
  bool reset_after_out_of_range(const gregor::topic_partition& tp, uint64_t epoch, int64_t fetch_offset);
  // Positions of every assigned partition that has one.
  std::map<gregor::topic_partition, offset_and_metadata> consumed_offsets() const;
  // True when a partition waits for a committed offset or reset lookup that is not in flight.
  bool has_unresolved() const;
  // The first pending partition error (raised by poll() until the partition is seeked).
  std::optional<client_error> pending_error() const;
  std::optional<int64_t> high_watermark(const gregor::topic_partition& tp) const;
  // Largest (high watermark - position) over assigned partitions, or -1.
  int64_t max_lag() const;

  // ---- pause ----
  void pause(const std::vector<gregor::topic_partition>& partitions);
  void resume(const std::vector<gregor::topic_partition>& partitions);
  std::set<gregor::topic_partition> paused() const;

  // ---- position lookups (I/O thread) ----
  std::vector<gregor::topic_partition> take_committed_lookups();
  std::vector<lookup> take_reset_lookups();
  // The committed offset arrived (nullopt: none, so reset per auto_offset_reset).
  void resolve_committed(const gregor::topic_partition& tp, std::optional<int64_t> offset);
  // Applies a reset lookup's answer unless the partition was sought or reset again since it started
  // (a ListOffsets for "latest" answered after seek_to_beginning must not win).
  void resolve_reset(const lookup& l, int64_t offset);
  void lookup_failed(const gregor::topic_partition& tp);
  void lookup_failed(const lookup& l);

  // ---- fetching (I/O thread) ----
  // Partitions that may be fetched now: position known, not paused, nothing in flight, fewer
  // than `max_buffered` responses waiting.
  std::vector<fetch_target> fetchable(size_t max_buffered) const;
  // Partitions that the broker has more for but that are not fetchable only because poll() still
  // holds `max_buffered` of their responses: they become fetchable as poll() drains them.
  std::vector<gregor::topic_partition> held_back(size_t max_buffered) const;
  void mark_in_flight(const fetch_target& target);
  // Queues a fetched result (records or an error) if its epoch is current; true when queued.
  bool add_fetch(completed_fetch fetch);
  // An empty answer or a failure: clears the in-flight mark (and updates the watermarks).
  void fetch_done(const gregor::topic_partition& tp, uint64_t epoch, int64_t high_watermark = -1,
                  int64_t log_start_offset = -1, int64_t last_stable_offset = -1);
  size_t buffered_bytes() const;

  // ---- draining (application thread) ----
  // The next queued fetch of an unpaused partition, round robin; nullopt when none.
  std::optional<taken_fetch> take_fetch();
  // Moves the position of a partition being read (when the epoch is still current).
  void advance(const gregor::topic_partition& tp, uint64_t epoch, int64_t position);
  // The taken fetch is done: releases its buffer slot and sets the final position.
  void release_fetch(const gregor::topic_partition& tp, uint64_t epoch, std::optional<int64_t> position);
  // True while `epoch` is still the partition's fetch epoch (it is assigned and was not seeked).
  bool is_current(const gregor::topic_partition& tp, uint64_t epoch) const;
  // Drops buffered data of `tp` and refetches from its position.
  void invalidate(const gregor::topic_partition& tp);

 private:
  enum class init { ready, committed, reset };

  struct partition_state {
    std::optional<int64_t> position;
    init how = init::committed;
    offset_reset_strategy strategy = offset_reset_strategy::latest;
    bool lookup_in_flight = false;
    bool paused = false;
    std::optional<client_error> error;

    uint64_t epoch = 0;
    int64_t next_fetch_offset = -1;
    bool fetch_in_flight = false;
    bool reading = false;  // poll() holds one of its fetches
    std::deque<completed_fetch> buffered;

    int64_t high_watermark = -1;
    int64_t log_start_offset = -1;
    int64_t last_stable_offset = -1;
  };

  partition_state& assigned_state(const gregor::topic_partition& tp);
  const partition_state& assigned_state(const gregor::topic_partition& tp) const;
  void start(partition_state& p, position_source source);
  void invalidate_locked(partition_state& p);
  void set_partitions(const std::vector<gregor::topic_partition>& partitions, position_source source);

  mutable std::mutex mutex_;
  offset_reset_strategy default_reset_;
  subscription_kind kind_ = subscription_kind::none;
  std::set<std::string> topics_;  // subscribed, or matching the pattern
  std::optional<std::regex> pattern_;
  std::map<gregor::topic_partition, partition_state> partitions_;
  uint64_t next_epoch_ = 1;
  gregor::topic_partition drain_cursor_;  // round robin: the partition read last
};

}  // namespace gregor::client
