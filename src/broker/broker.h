// broker: one Gregor broker process: wires the listener, the dispatcher, the topic table, the
// log manager, the flusher, the group coordinator and the background tasks (retention,
// checkpoints, flush policy).
//
// Thread-safety: the topic operations (create/delete/add partitions) are serialized by an admin
// mutex; everything else is safe to call from any network thread.
#pragma once

#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "broker/consumer_offsets_log.h"
#include "broker/dispatcher.h"
#include "broker/fetch_session_cache.h"
#include "broker/flusher.h"
#include "broker/topic_table.h"
#include "config/broker_config.h"
#include "config/topic_defaults.h"
#include "coordinator/group_coordinator.h"
#include "coordinator/timer_thread.h"
#include "storage/log_cleaner.h"
#include "net/server.h"
#include "producer/producer_id_manager.h"
#include "protocol/error_code.h"
#include "storage/log_manager.h"

namespace gregor::broker {

struct topic_error {
  protocol::error_code code = protocol::error_code::none;
  std::string message;
  explicit operator bool() const { return code != protocol::error_code::none; }
};

class broker {
 public:
  explicit broker(config::broker_config cfg);
  ~broker();

  // Opens the logs, binds the listener and starts serving. Returns an error text on failure.
  std::string start();
  // Finishes in-flight work, flushes, writes checkpoints and the clean-shutdown marker.
  void stop();

  const config::broker_config& config() const { return config_; }
  int32_t node_id() const { return node_id_; }
  const std::string& cluster_id() const { return cluster_id_; }
  const std::string& advertised_host() const { return advertised_host_; }
  int32_t advertised_port() const { return advertised_port_; }
  uint16_t bound_port() const { return server_ ? server_->port() : 0; }

  topic_table& topics() { return topics_; }
  flusher& flush_queue() { return flusher_; }
  storage::log_manager& logs() { return *logs_; }
  producer::producer_id_manager& producer_ids() { return *producer_ids_; }
  fetch_session_cache& fetch_sessions() { return fetch_sessions_; }
  coordinator::group_coordinator& groups() { return *groups_; }
  // Runs `work` on the admin thread: topic creation and deletion create and remove many files,
  // which must not stall the network threads. Handlers wait with a callback_waiter.
  template <class Work>
  void run_admin(Work&& work) {
    asio::post(admin_pool_, std::forward<Work>(work));
  }
  // Creates __consumer_offsets on first use (FindCoordinator), as Kafka does. NONE once it exists.
  protocol::error_code ensure_offsets_topic();
  bool offsets_topic_ready() const { return offsets_topic_ready_.load(std::memory_order_acquire); }

  // Topic administration (CreateTopics, Metadata auto-creation, DeleteTopics, CreatePartitions).
  topic_error create_topic(const std::string& name, int32_t partitions, int16_t replication_factor,
                           const std::vector<std::pair<std::string, std::optional<std::string>>>& configs,
                           bool validate_only);
  topic_error delete_topic(const std::string& name);
  topic_error create_partitions(const std::string& name, int32_t total_count, bool validate_only);
  // Persists a topic's changed config and applies it to its logs.
  topic_error update_topic_config(const std::shared_ptr<topic>& t, config::topic_config new_config);

  // Broker-wide defaults for topic configs (the log.* broker properties).
  const std::shared_ptr<const config::topic_defaults>& topic_defaults() const { return topic_defaults_; }


 private:
  std::string load_topics();
  std::string topic_config_path(const std::string& topic) const;
  storage::log_config log_config_for(const config::topic_config& cfg) const;
  std::shared_ptr<partition> open_partition(const std::string& topic, int32_t index, const uuid& id,
                                            std::shared_ptr<storage::log> log);
  void background_loop();
  // Flushes the segments that rolled since the last flush; true if any did.
  bool flush_rolled_segments();
  void write_producer_snapshots();
  std::string start_group_coordinator();
  void start_log_cleaner();

  config::broker_config config_;
  int32_t node_id_ = 0;
  std::string cluster_id_;
  std::string advertised_host_;
  int32_t advertised_port_ = 9092;
  std::shared_ptr<const config::topic_defaults> topic_defaults_;

  std::unique_ptr<storage::log_manager> logs_;
  std::unique_ptr<storage::log_cleaner> cleaner_;
  std::unique_ptr<producer::producer_id_manager> producer_ids_;
  topic_table topics_;
  flusher flusher_;
  fetch_session_cache fetch_sessions_;
  std::mutex admin_mutex_;

  dispatcher dispatcher_{*this};
  std::unique_ptr<net::server> server_;

  std::unique_ptr<coordinator::timer_thread> group_timers_;
  std::unique_ptr<consumer_offsets_log> offsets_log_;
  std::unique_ptr<coordinator::group_coordinator> groups_;
  std::thread group_loader_;
  std::atomic<bool> offsets_topic_ready_{false};
  std::mutex offsets_topic_mutex_;

  asio::thread_pool admin_pool_{1};

  std::thread background_;
  std::mutex background_mutex_;
  std::condition_variable background_wake_;
  bool stopping_ = false;
};

}  // namespace gregor::broker
