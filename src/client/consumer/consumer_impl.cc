#include "client/consumer/consumer_impl.h"

#include <future>

#include "client/assignors/assignor_factory.h"

namespace gregor {

// Names of the client's internals; not `using namespace client` (its assignors define a
// topic_partition of their own).
using client::assignor;
using client::client_result;
using client::cluster_client;
using client::cluster_metadata;
using client::completed_fetch;
using client::coordinator_channel;
using client::fetcher;
using client::fetcher_options;
using client::group_membership;
using client::listed_offsets;
using client::make_assignor;
using client::membership_options;
using client::metadata_refresher;
using client::metadata_snapshot;
using client::offset_committer;
using client::offset_lookup;
using client::offset_reset_strategy;
using client::position_resolver;
using client::read_consumer_config;
using client::rebalance_driver;
using client::rebalance_options;
using client::rebalance_protocol;
using client::record_reader;
using client::subscription_kind;
using client::subscription_state;
using client::topic_metadata;

namespace {

std::vector<std::shared_ptr<const assignor>> make_assignors(const std::vector<std::string>& names) {
  std::vector<std::shared_ptr<const assignor>> out;
  for (const auto& n : names) out.push_back(make_assignor(n));
  return out;
}

// Cooperative only when every configured assignor supports it (Java's rule).
rebalance_protocol protocol_of(const std::vector<std::shared_ptr<const assignor>>& assignors) {
  for (const auto& a : assignors) {
    if (!a->supports(rebalance_protocol::cooperative)) return rebalance_protocol::eager;
  }
  return rebalance_protocol::cooperative;
}

}  // namespace

kafka_consumer::impl::impl(const config& cfg)
    : config_(read_consumer_config(cfg)), state_(config_.auto_offset_reset) {
  cluster_ = io_.call([this] { return std::make_unique<cluster_client>(io_.io(), config_.common.cluster); });
  lookup_ = std::make_unique<offset_lookup>(*cluster_, config_.retry_backoff_ms);
  fetcher_options fo;
  fo.min_bytes = config_.fetch_min_bytes;
  fo.max_wait_ms = config_.fetch_max_wait_ms;
  fo.max_bytes = config_.fetch_max_bytes;
  fo.partition_max_bytes = config_.max_partition_fetch_bytes;
  fo.read_committed = config_.read_committed;
  fo.retry_backoff_ms = config_.retry_backoff_ms;
  fetcher_ = std::make_unique<fetcher>(
      *cluster_, state_, fo, metrics_, [this] { signal_.notify(); }, [this] { refresher_->request(); });

  if (config_.group_id) {
    channel_ = std::make_unique<coordinator_channel>(*cluster_, *config_.group_id);
    membership_options mo;
    mo.group_id = *config_.group_id;
    mo.group_instance_id = config_.group_instance_id;
    mo.session_timeout_ms = config_.session_timeout_ms;
    mo.rebalance_timeout_ms = config_.max_poll_interval_ms;
    mo.heartbeat_interval_ms = config_.heartbeat_interval_ms;
    mo.retry_backoff_ms = config_.retry_backoff_ms;
    mo.assignors = make_assignors(config_.assignment_strategies);
    rebalance_options ro;
    ro.protocol = protocol_of(mo.assignors);
    ro.auto_commit = config_.enable_auto_commit;
    ro.commit_timeout_ms = config_.default_api_timeout_ms;
    membership_ = std::make_unique<group_membership>(*cluster_, *channel_, std::move(mo), [this] { signal_.notify(); });
    committer_ = std::make_unique<offset_committer>(io_, *channel_, membership_.get(), state_, metrics_,
                                                    config_.retry_backoff_ms);
    driver_ = std::make_unique<rebalance_driver>(io_, *membership_, state_, *committer_, metrics_, ro,
                                                 [this] { on_assignment_changed(); });
  }
  resolver_ = std::make_unique<position_resolver>(io_.io(), state_, *lookup_, channel_.get(), config_.read_committed,
                                                  config_.retry_backoff_ms, config_.default_api_timeout_ms, [this] {
                                                    fetcher_->maybe_send();
                                                    signal_.notify();
                                                  });
  refresher_ = std::make_unique<metadata_refresher>(
      *cluster_, state_, config_.common.metadata_max_age_ms, config_.retry_backoff_ms,
      [this] { return membership_ ? membership_->watched_topics() : std::vector<std::string>{}; },
      [this] { on_metadata(); });
  reader_options_.check_crcs = config_.check_crcs;
  reader_options_.read_committed = config_.read_committed;
  next_auto_commit_ = clock::now() + std::chrono::milliseconds(config_.auto_commit_interval_ms);
  io_.post([this] { refresher_->start(); });
}

kafka_consumer::impl::~impl() {
  try {
    close(true);
  } catch (...) {
  }
}

void kafka_consumer::impl::ensure_open() const {
  if (closed_) throw illegal_state_error("the consumer is closed");
}

void kafka_consumer::impl::ensure_subscribed() const {
  if (state_.kind() == subscription_kind::none) {
    throw illegal_state_error("no topic subscription or manual partition assignment");
  }
}

kafka_consumer::impl::clock::time_point kafka_consumer::impl::api_deadline() const {
  return clock::now() + std::chrono::milliseconds(config_.default_api_timeout_ms);
}

// Runs `send(done)` on the I/O thread and waits up to default_api_timeout_ms for done(result).
template <class T, class Send>
T kafka_consumer::impl::call_io(Send send, const char* what) {
  auto promise = std::make_shared<std::promise<client_result<T>>>();
  auto future = promise->get_future();
  io_.post([send = std::move(send), promise]() mutable {
    send([promise](client_result<T> r) { promise->set_value(std::move(r)); });
  });
  if (future.wait_until(api_deadline()) != std::future_status::ready) {
    throw kafka_timeout_error(std::string(what) + " timed out after default_api_timeout_ms");
  }
  auto r = future.get();
  if (!r) {
    if (r.error().code == error_code::request_timed_out) throw kafka_timeout_error(std::string(what) + ": " + r.error().message);
    throw kafka_error(r.error().code, std::string(what) + ": " + r.error().message);
  }
  return std::move(*r);
}

// ---- subscription ----

void kafka_consumer::impl::subscribe(const std::vector<std::string>& topics, rebalance_listener listener) {
  ensure_open();
  if (topics.empty()) return unsubscribe();
  bool changed = state_.subscribe(topics);
  if (driver_) {
    driver_->set_listener(std::move(listener));
    if (changed) driver_->subscription_changed();
  }
  io_.post([this] { refresher_->request(); });
}

void kafka_consumer::impl::subscribe(const std::regex& pattern, rebalance_listener listener) {
  ensure_open();
  state_.subscribe(pattern);
  if (driver_) {
    driver_->set_listener(std::move(listener));
    driver_->subscription_changed();
  }
  io_.post([this] { refresher_->request(); });
}

void kafka_consumer::impl::unsubscribe() {
  ensure_open();
  if (driver_ && state_.group_managed()) {
    driver_->leave_group("the consumer unsubscribed", std::chrono::milliseconds(config_.default_api_timeout_ms));
  }
  state_.unsubscribe();
  reader_.reset();
}

void kafka_consumer::impl::assign(const std::vector<topic_partition>& partitions) {
  ensure_open();
  if (partitions.empty()) return unsubscribe();
  state_.assign(partitions, config_.group_id ? subscription_state::position_source::committed
                                              : subscription_state::position_source::reset);
  on_assignment_changed();
  io_.post([this] { refresher_->request(); });
}

std::set<topic_partition> kafka_consumer::impl::assignment() const {
  ensure_open();
  auto list = state_.assigned();
  return {list.begin(), list.end()};
}

std::set<std::string> kafka_consumer::impl::subscription() const {
  ensure_open();
  if (!state_.group_managed()) return {};
  return state_.subscribed_topics();
}

void kafka_consumer::impl::drop_stale_reader() {
  if (reader_ && !state_.is_current(reader_->fetch().tp, reader_epoch_)) reader_.reset();
}

void kafka_consumer::impl::on_assignment_changed() {
  drop_stale_reader();
  io_.post([this] {
    resolver_->run();
    fetcher_->maybe_send();
  });
}

// No group: a subscription takes every partition of the subscribed topics.
void kafka_consumer::impl::assign_every_partition(const cluster_metadata& metadata) {
  std::vector<topic_partition> all;
  for (const auto& t : state_.subscribed_topics()) {
    const topic_metadata* tm = metadata.topic(t);
    if (!tm || tm->error_code != 0) continue;
    for (const auto& p : tm->partitions) all.push_back({t, p.partition});
  }
  if (all != state_.assigned()) state_.set_assignment(all, subscription_state::position_source::reset);
}

void kafka_consumer::impl::on_metadata() {
  auto md = cluster_->metadata();
  if (state_.kind() == subscription_kind::pattern) {
    std::vector<std::string> names;
    for (const auto& [name, t] : md->topics) {
      if (t.error_code == 0 && !(t.internal && config_.exclude_internal_topics)) names.push_back(name);
    }
    if (state_.update_pattern_matches(names) && membership_) {
      membership_->request_rejoin("the topics matching the subscribed pattern changed");
    }
  }
  if (!membership_ && state_.group_managed()) assign_every_partition(*md);
  if (membership_) membership_->on_metadata(*md);
  resolver_->run();
  fetcher_->maybe_send();
  signal_.notify();
}

// ---- positions ----

int64_t kafka_consumer::impl::position(const topic_partition& tp) {
  ensure_open();
  auto deadline = api_deadline();
  for (;;) {
    if (auto p = state_.position(tp)) return *p;
    if (auto e = state_.pending_error()) throw kafka_error(e->code, e->message);
    uint64_t seen = signal_.sequence();
    io_.post([this] { resolver_->run(); });
    auto now = clock::now();
    if (now >= deadline) throw kafka_timeout_error("position of " + tp.topic + "-" + std::to_string(tp.partition) + " is unknown");
    signal_.wait_until(seen, std::min(deadline, now + std::chrono::milliseconds(100)));
  }
}

void kafka_consumer::impl::seek(const topic_partition& tp, int64_t offset) {
  ensure_open();
  if (offset < 0) throw std::invalid_argument("seek offset must not be negative");
  state_.seek(tp, offset);
  drop_stale_reader();
  io_.post([this] { fetcher_->maybe_send(); });
}

void kafka_consumer::impl::seek_to(const std::vector<topic_partition>& partitions, offset_reset_strategy where) {
  ensure_open();
  state_.request_reset(partitions.empty() ? state_.assigned() : partitions, where);
  drop_stale_reader();
  io_.post([this] { resolver_->run(); });
}

void kafka_consumer::impl::pause(const std::vector<topic_partition>& partitions) {
  ensure_open();
  state_.pause(partitions);
  drop_stale_reader();
}

void kafka_consumer::impl::resume(const std::vector<topic_partition>& partitions) {
  ensure_open();
  state_.resume(partitions);
  io_.post([this] { fetcher_->maybe_send(); });
}

std::set<topic_partition> kafka_consumer::impl::paused() const {
  ensure_open();
  return state_.paused();
}

std::optional<int64_t> kafka_consumer::impl::highwater(const topic_partition& tp) const {
  ensure_open();
  return state_.high_watermark(tp);
}

// ---- committed offsets ----

std::optional<offset_and_metadata> kafka_consumer::impl::committed(const topic_partition& tp) {
  ensure_open();
  if (!committer_) throw illegal_state_error("committed() needs a group_id");
  auto all = committer_->committed({tp}, api_deadline());
  auto it = all.find(tp);
  if (it == all.end()) return std::nullopt;
  return it->second;
}

void kafka_consumer::impl::commit(std::optional<std::map<topic_partition, offset_and_metadata>> offsets) {
  ensure_open();
  if (!committer_) throw illegal_state_error("commit() needs a group_id");
  committer_->run_callbacks();
  committer_->commit_sync(offsets ? *offsets : state_.consumed_offsets(), api_deadline());
}

void kafka_consumer::impl::commit_async(std::optional<std::map<topic_partition, offset_and_metadata>> offsets,
                                        offset_commit_callback callback) {
  ensure_open();
  if (!committer_) throw illegal_state_error("commit_async() needs a group_id");
  committer_->commit_async(offsets ? *offsets : state_.consumed_offsets(), std::move(callback));
}

// ---- offsets and topics ----

std::map<topic_partition, int64_t> kafka_consumer::impl::list_offsets(const std::vector<topic_partition>& partitions,
                                                                     int64_t timestamp) {
  ensure_open();
  std::map<topic_partition, int64_t> request;
  for (const auto& tp : partitions) request[tp] = timestamp;
  if (request.empty()) return {};
  auto deadline = api_deadline();
  auto found = call_io<listed_offsets>(
      [this, request, deadline](std::function<void(client_result<listed_offsets>)> done) {
        lookup_->list(request, config_.read_committed, deadline, std::move(done));
      },
      "ListOffsets");
  std::map<topic_partition, int64_t> out;
  for (const auto& [tp, l] : found) out[tp] = l.offset;
  return out;
}

std::map<topic_partition, std::optional<offset_and_timestamp>> kafka_consumer::impl::offsets_for_times(
    const std::map<topic_partition, int64_t>& timestamps) {
  ensure_open();
  for (const auto& [tp, ts] : timestamps) {
    if (ts < 0) throw std::invalid_argument("offsets_for_times: timestamps must not be negative");
  }
  if (timestamps.empty()) return {};
  auto deadline = api_deadline();
  auto found = call_io<listed_offsets>(
      [this, timestamps, deadline](std::function<void(client_result<listed_offsets>)> done) {
        lookup_->list(timestamps, config_.read_committed, deadline, std::move(done));
      },
      "ListOffsets");
  std::map<topic_partition, std::optional<offset_and_timestamp>> out;
  for (const auto& [tp, ts] : timestamps) {
    auto it = found.find(tp);
    if (it == found.end() || it->second.offset < 0) out[tp] = std::nullopt;
    else out[tp] = offset_and_timestamp{it->second.offset, it->second.timestamp, it->second.leader_epoch};
  }
  return out;
}

std::optional<std::set<int32_t>> kafka_consumer::impl::partitions_for_topic(const std::string& topic) {
  ensure_open();
  auto md = cluster_->metadata();
  const topic_metadata* tm = md->topic(topic);
  if (!tm || tm->error_code != 0) {
    md = call_io<metadata_snapshot>(
        [this, topic](std::function<void(client_result<metadata_snapshot>)> done) {
          cluster_->refresh_metadata(std::vector<std::string>{topic}, std::move(done), /*allow_auto_create=*/false);
        },
        "Metadata");
    tm = md->topic(topic);
  }
  if (!tm || tm->error_code != 0) return std::nullopt;
  std::set<int32_t> out;
  for (const auto& p : tm->partitions) out.insert(p.partition);
  return out;
}

std::set<std::string> kafka_consumer::impl::topics() {
  ensure_open();
  auto md = call_io<metadata_snapshot>(
      [this](std::function<void(client_result<metadata_snapshot>)> done) {
        cluster_->refresh_metadata(std::nullopt, std::move(done));
      },
      "Metadata");
  std::set<std::string> out;
  for (const auto& [name, t] : md->topics) {
    if (t.error_code == 0 && !(t.internal && config_.exclude_internal_topics)) out.insert(name);
  }
  return out;
}

// ---- state ----

consumer_group_metadata kafka_consumer::impl::group_metadata() const {
  if (membership_) return membership_->metadata();
  return {config_.group_id.value_or(""), -1, "", config_.group_instance_id};
}

std::map<std::string, double> kafka_consumer::impl::metrics() const {
  auto out = metrics_.snapshot(state_.max_lag(), state_.assigned().size());
  // Records (and fetches) handed out since the last poll loop are not flushed yet.
  out["records-consumed-total"] += static_cast<double>(pending_records_);
  out["bytes-consumed-total"] += static_cast<double>(pending_bytes_);
  return out;
}

void kafka_consumer::impl::close(bool autocommit) {
  if (closed_) return;
  try {
    if (committer_) {
      auto deadline = clock::now() + std::chrono::milliseconds(std::min(config_.default_api_timeout_ms, 30000));
      if (autocommit && config_.enable_auto_commit) committer_->commit_quietly(state_.consumed_offsets(), deadline);
      committer_->run_callbacks();
    }
    if (driver_ && state_.group_managed()) {
      driver_->leave_group("the consumer is closing", std::chrono::milliseconds(std::min(config_.default_api_timeout_ms, 30000)));
    }
  } catch (...) {
    // Closing goes on: the connections and the I/O thread must end either way.
  }
  closed_ = true;
  reader_.reset();
  io_.call([this] {
    refresher_->close();
    fetcher_->close();
    resolver_->close();
    lookup_->close();
    if (membership_) membership_->close();
    if (channel_) channel_->close();
    cluster_->close();
  });
  io_.stop();
}

}  // namespace gregor
