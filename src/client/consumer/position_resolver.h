// position_resolver: finds the starting position of partitions that do not have one yet.
//
// Runs on the I/O thread whenever partitions are assigned or reset (run() is cheap when there is
// nothing to do). First the group's committed offsets (one OffsetFetch for all partitions that
// need them; require_stable under read_committed, so pending transactional commits are waited
// for); partitions without one fall back to auto_offset_reset, resolved with one ListOffsets
// per leader (earliest or latest). With auto_offset_reset=none the partition gets an error that
// poll() raises. Failures are retried after retry_backoff_ms.
#pragma once

#include <functional>

#include <asio.hpp>

#include "client/consumer/coordinator_channel.h"
#include "client/consumer/offset_lookup.h"
#include "client/consumer/subscription_state.h"

namespace gregor::client {

class position_resolver {
 public:
  // `channel` is null for a consumer without group_id (nothing is ever committed).
  position_resolver(asio::io_context& io, subscription_state& state, offset_lookup& lookup,
                    coordinator_channel* channel, bool read_committed, int32_t retry_backoff_ms,
                    int32_t lookup_timeout_ms, std::function<void()> on_resolved)
      : state_(state),
        lookup_(lookup),
        channel_(channel),
        read_committed_(read_committed),
        retry_backoff_ms_(retry_backoff_ms),
        lookup_timeout_ms_(lookup_timeout_ms),
        on_resolved_(std::move(on_resolved)),
        retry_timer_(io) {}

  void run();
  void close() {
    closed_ = true;
    retry_timer_.cancel();
  }

 private:
  void fetch_committed();
  void reset_positions();
  void retry_later();

  subscription_state& state_;
  offset_lookup& lookup_;
  coordinator_channel* channel_;
  bool read_committed_;
  int32_t retry_backoff_ms_;
  int32_t lookup_timeout_ms_;
  std::function<void()> on_resolved_;
  asio::steady_timer retry_timer_;
  bool retry_armed_ = false;
  bool closed_ = false;
};

}  // namespace gregor::client
