// kafka_consumer::impl: wires the consumer's parts together behind the public API.
//
//   application thread                       I/O thread (io_thread)
//   ------------------                       ----------------------
//   poll(): rebalance_driver, auto commit,   fetcher (Fetch per leader, prefetching)
//           drain completed fetches with     position_resolver (OffsetFetch, ListOffsets)
//           record_reader                    group_membership (Join/Sync/Heartbeat/Leave)
//   commit(): offset_committer               metadata_refresher, coordinator_channel
//                 \______ subscription_state (positions, buffered fetches) ______/
//
// The I/O thread never waits for the application thread; the application thread waits for the
// I/O thread only through futures with deadlines and through wakeup_signal. consumer_impl.cc
// holds construction, subscription and offset APIs; consumer_poll.cc the poll loop and drain.
#pragma once

#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <optional>

#include "client/consumer/consumer_config.h"
#include "client/consumer/consumer_metrics.h"
#include "client/consumer/coordinator_channel.h"
#include "client/consumer/fetcher.h"
#include "client/consumer/group_membership.h"
#include "client/consumer/metadata_refresher.h"
#include "client/consumer/offset_committer.h"
#include "client/consumer/offset_lookup.h"
#include "client/consumer/position_resolver.h"
#include "client/consumer/rebalance_driver.h"
#include "client/consumer/record_reader.h"
#include "client/consumer/subscription_state.h"
#include "client/consumer/wakeup_signal.h"
#include "client/net/cluster_client.h"
#include "client/net/io_thread.h"
#include "gregor/consumer.h"

namespace gregor {

class kafka_consumer::impl {
 public:
  using clock = std::chrono::steady_clock;

  explicit impl(const config& cfg);
  ~impl();

  void subscribe(const std::vector<std::string>& topics, rebalance_listener listener);
  void subscribe(const std::regex& pattern, rebalance_listener listener);
  void unsubscribe();
  void assign(const std::vector<topic_partition>& partitions);
  std::set<topic_partition> assignment() const;
  std::set<std::string> subscription() const;

  poll_result poll(int64_t timeout_ms, std::optional<int32_t> max_records);
  std::optional<consumer_record> next_record();
  void wakeup();

  int64_t position(const topic_partition& tp);
  void seek(const topic_partition& tp, int64_t offset);
  void seek_to(const std::vector<topic_partition>& partitions, client::offset_reset_strategy where);
  void pause(const std::vector<topic_partition>& partitions);
  void resume(const std::vector<topic_partition>& partitions);
  std::set<topic_partition> paused() const;
  std::optional<int64_t> highwater(const topic_partition& tp) const;

  std::optional<offset_and_metadata> committed(const topic_partition& tp);
  void commit(std::optional<std::map<topic_partition, offset_and_metadata>> offsets);
  void commit_async(std::optional<std::map<topic_partition, offset_and_metadata>> offsets,
                    offset_commit_callback callback);

  std::map<topic_partition, int64_t> list_offsets(const std::vector<topic_partition>& partitions, int64_t timestamp);
  std::map<topic_partition, std::optional<offset_and_timestamp>> offsets_for_times(
      const std::map<topic_partition, int64_t>& timestamps);
  std::optional<std::set<int32_t>> partitions_for_topic(const std::string& topic);
  std::set<std::string> topics();

  consumer_group_metadata group_metadata() const;
  std::map<std::string, double> metrics() const;
  void close(bool autocommit);

 private:
  // ---- consumer_poll.cc ----
  // Runs the poll loop until some records were drained into `sink` (at most `max`) or `deadline`.
  template <class Sink>
  size_t collect(size_t max, clock::time_point deadline, Sink&& sink);
  template <class Sink>
  size_t drain(size_t max, Sink&& sink);
  void housekeeping();
  void handle_fetch_error(const client::completed_fetch& fetch);
  void raise_deferred();
  void maybe_auto_commit();
  void flush_consumed();

  // ---- consumer_impl.cc ----
  void ensure_open() const;
  void ensure_subscribed() const;
  // Drops the reader when its partition was seeked, paused, reset or unassigned.
  void drop_stale_reader();
  void on_assignment_changed();
  // I/O thread: after each metadata refresh.
  void on_metadata();
  void assign_every_partition(const client::cluster_metadata& metadata);
  clock::time_point api_deadline() const;
  template <class T, class Send>
  T call_io(Send send, const char* what);

  client::consumer_config config_;
  client::io_thread io_;
  std::unique_ptr<client::cluster_client> cluster_;
  client::subscription_state state_;
  client::consumer_metrics metrics_;
  client::wakeup_signal signal_;
  std::unique_ptr<client::offset_lookup> lookup_;
  std::unique_ptr<client::fetcher> fetcher_;
  std::unique_ptr<client::coordinator_channel> channel_;      // with group_id only
  std::unique_ptr<client::group_membership> membership_;      // with group_id only
  std::unique_ptr<client::offset_committer> committer_;       // with group_id only
  std::unique_ptr<client::rebalance_driver> driver_;          // with group_id only
  std::unique_ptr<client::position_resolver> resolver_;
  std::unique_ptr<client::metadata_refresher> refresher_;
  client::record_reader_options reader_options_;

  // Application thread only.
  std::optional<client::record_reader> reader_;
  uint64_t reader_epoch_ = 0;
  std::exception_ptr deferred_error_;
  std::atomic<bool> wakeup_{false};
  bool closed_ = false;
  clock::time_point next_auto_commit_;
  std::map<topic_partition, offset_and_metadata> last_auto_commit_;
  int fast_budget_ = 0;
  size_t pending_records_ = 0;
  size_t pending_bytes_ = 0;
};

}  // namespace gregor
