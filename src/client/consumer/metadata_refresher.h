// metadata_refresher: keeps the consumer's cluster metadata fresh enough to fetch and to assign.
//
// Runs on the I/O thread. A refresh asks for the subscribed and assigned topics (plus the topics
// the group leader assigned from), or for every topic under a pattern subscription. It happens
// every metadata_max_age_ms, and soon after request() (a leader moved, a topic is new), never more
// than one at a time nor more often than every retry_backoff_ms. on_update runs after every
// successful refresh (pattern matching, leader checks, fetching).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "client/consumer/subscription_state.h"
#include "client/net/cluster_client.h"

namespace gregor::client {

class metadata_refresher {
 public:
  metadata_refresher(cluster_client& cluster, subscription_state& state, int32_t max_age_ms, int32_t retry_backoff_ms,
                     std::function<std::vector<std::string>()> extra_topics, std::function<void()> on_update)
      : cluster_(cluster),
        state_(state),
        max_age_ms_(max_age_ms),
        retry_backoff_ms_(std::max(retry_backoff_ms, 10)),
        extra_topics_(std::move(extra_topics)),
        on_update_(std::move(on_update)),
        soon_timer_(cluster.io()),
        periodic_timer_(cluster.io()) {}

  void start();
  // Refresh as soon as allowed.
  void request();
  void close();

 private:
  using clock = std::chrono::steady_clock;

  void refresh();
  void schedule_periodic();

  cluster_client& cluster_;
  subscription_state& state_;
  int32_t max_age_ms_;
  int32_t retry_backoff_ms_;
  std::function<std::vector<std::string>()> extra_topics_;
  std::function<void()> on_update_;
  asio::steady_timer soon_timer_;
  asio::steady_timer periodic_timer_;
  bool in_flight_ = false;
  bool wanted_ = false;
  bool soon_armed_ = false;
  clock::time_point last_started_{};
  bool closed_ = false;
};

}  // namespace gregor::client
