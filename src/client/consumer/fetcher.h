// fetcher: keeps Fetch requests going to every partition leader, ahead of the application.
//
// Runs on the consumer's I/O thread. maybe_send() groups the fetchable partitions (see
// subscription_state::fetchable) by their leader from the latest metadata and sends one Fetch per
// leader, with at most one in flight per broker. The request is a plain full fetch (session id 0,
// epoch -1) of up to max_partition_fetch_bytes per partition, rotating the partition order so a
// partition whose next batch is too large for a non-first slot gets the first slot in time (the
// broker returns at least one whole batch there, KIP-74). Each partition's records are queued on
// the subscription state as a completed_fetch, a slice of the response frame; the next fetch of
// that partition starts after its last complete batch, so up to `max_buffered` responses per
// partition are fetched ahead of poll().
//
// A fetch of partitions that are all caught up (at their last known high watermark) long-polls at
// the broker for up to max_wait_ms, and the node's next fetch waits behind it. So while another
// partition of that node has more data and is held back only because poll() has not drained its
// buffered responses yet, such a fetch is not sent: the drain calls maybe_send() again, and the
// fetch then includes that partition and answers at once. (Consuming partitions of unequal
// length otherwise stalls max_wait_ms whenever the shorter ones run dry.)
//
// Errors: leader changes (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, ...) and network
// failures ask for a metadata refresh and back the broker off for retry_backoff_ms;
// OFFSET_OUT_OF_RANGE and non-retriable errors are queued for poll() to handle in order.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include <asio.hpp>

#include "client/consumer/consumer_metrics.h"
#include "client/consumer/subscription_state.h"
#include "client/net/cluster_client.h"
#include "protocol/messages/fetch.h"

namespace gregor::client {

struct fetcher_options {
  int32_t min_bytes = 1;
  int32_t max_wait_ms = 500;
  int32_t max_bytes = 52428800;
  int32_t partition_max_bytes = 1048576;
  bool read_committed = false;
  int32_t retry_backoff_ms = 100;
  size_t max_buffered_per_partition = 2;
};

class fetcher {
 public:
  fetcher(cluster_client& cluster, subscription_state& state, fetcher_options options, consumer_metrics& metrics,
          std::function<void()> on_data, std::function<void()> need_metadata);

  // Sends what can be sent now. I/O thread.
  void maybe_send();
  void close();

 private:
  using clock = std::chrono::steady_clock;
  using target = subscription_state::fetch_target;

  void send(int32_t node, std::vector<target> targets);
  // True when every target is caught up while another partition led by `node` has more data and
  // waits only for poll() to drain it (see the header comment).
  bool worth_waiting_for(int32_t node, const std::vector<target>& targets, const cluster_metadata& md) const;
  void on_response(int32_t node, const std::vector<target>& targets, client_result<protocol::fetch_response> r,
                   clock::time_point sent);
  void back_off(int32_t node);
  void schedule_retry(clock::time_point when);

  cluster_client& cluster_;
  subscription_state& state_;
  fetcher_options options_;
  consumer_metrics& metrics_;
  std::function<void()> on_data_;
  std::function<void()> need_metadata_;

  std::set<int32_t> in_flight_;
  std::map<int32_t, clock::time_point> backoff_until_;
  asio::steady_timer retry_timer_;
  clock::time_point retry_at_{};
  size_t rotation_ = 0;
  bool closed_ = false;
};

}  // namespace gregor::client
