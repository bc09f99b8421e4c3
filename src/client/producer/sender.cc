#include "client/producer/sender.h"

#include <algorithm>

#include "client/producer/clock.h"

namespace gregor::client {

namespace {

// Sequence numbers wrap from INT32_MAX to 0 (docs/producer-state.md).
int32_t advance_sequence(int32_t sequence, int32_t count) {
  return static_cast<int32_t>((static_cast<int64_t>(sequence) + count) % (static_cast<int64_t>(INT32_MAX) + 1));
}

int64_t steady_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string describe(error_code code, const std::string& message) {
  std::string out(protocol::error_name(code));
  if (!message.empty()) out += ": " + message;
  return out;
}

}  // namespace

sender::sender(const producer_config& config, cluster_client& cluster, record_accumulator& accumulator,
               producer_metadata& metadata, producer_stats& stats, buffer_pool& pool)
    : config_(config),
      cluster_(cluster),
      accumulator_(accumulator),
      metadata_(metadata),
      stats_(stats),
      pool_(pool),
      idempotent_(config.idempotence),
      timer_(cluster.io()) {}

void sender::wake() {
  if (wake_posted_.exchange(true, std::memory_order_acq_rel)) return;
  asio::post(cluster_.io(), [this] { run(); });
}

void sender::begin_flush() {
  flushing_.fetch_add(1);
  wake();
}

void sender::end_flush() { flushing_.fetch_sub(1); }

void sender::begin_close() {
  closing_.store(true);
  wake();
}

void sender::check_usable() const {
  if (!has_fatal_.load(std::memory_order_acquire)) return;  // the common case: no lock per send
  std::lock_guard lock(fatal_mutex_);
  throw *fatal_;
}

void sender::start() { run(); }

void sender::shutdown(const std::string& reason) {
  if (stopped_) return;
  stopped_ = true;
  stop_reason_ = reason;
  timer_.cancel();
  for (auto& b : accumulator_.take_all()) b->fail(error_code::operation_not_attempted, reason);
}

void sender::fail_all(error_code code, const std::string& message) {
  for (auto& b : accumulator_.take_all()) b->fail(code, message);
}

void sender::run() {
  wake_posted_.store(false, std::memory_order_release);  // records appended from now on wake us again
  if (stopped_) return;
  int64_t now = steady_ms();
  int64_t next = INT64_MAX;
  metadata_.poll(now, next);
  if (idempotent() && !identity_valid_) ensure_producer_id(now, next);
  bool force = flushing_.load() > 0 || closing_.load() || pool_.waiters() > 0;

  std::map<int32_t, std::vector<node_queue>> ready;
  std::vector<std::unique_ptr<producer_batch>> expired;
  bool leaderless = false;
  accumulator_.for_each_topic([&](topic_queues& t, const topic_info& info) {
    for (auto& qp : t.partitions) {
      partition_queue& q = *qp;
      std::lock_guard lock(q.mutex);
      if (q.batches.empty()) continue;
      int32_t leader = q.partition < static_cast<int32_t>(info.leaders.size()) ? info.leaders[q.partition] : -1;
      // Expiry first (delivery_timeout_ms), oldest first: ids follow creation order.
      while (!q.batches.empty() && now >= q.batches.front()->created_ms() + config_.delivery_timeout_ms) {
        auto& b = q.batches.front();
        if (b->last_error.empty()) {
          b->last_error = info.error != error_code::none
                              ? "topic " + t.name + " not available: " + std::string(protocol::error_name(info.error))
                              : (leader < 0 ? "no leader known for the partition" : "");
        }
        expired.push_back(std::move(b));
        q.batches.pop_front();
      }
      if (q.batches.empty()) continue;
      next = std::min(next, q.batches.front()->created_ms() + config_.delivery_timeout_ms);
      if (leader < 0) {
        leaderless = true;
        continue;
      }
      const producer_batch& first = *q.batches.front();
      if (!partition_sendable(q, first) || !batch_ready(q, first, now, force, next)) continue;
      ready[leader].push_back({&t, &q});
    }
  });
  // User callbacks run only now, with no lock held.
  for (auto& b : expired) fail_expired(*b, now, b->last_error);
  expired.clear();
  if (leaderless) {
    metadata_.request_update();
    metadata_.poll(now, next);
  }
  for (auto& [node, queues] : ready) drain_node(node, queues, now, force, next);
  arm_timer(next);
}

void sender::arm_timer(int64_t at_ms) {
  if (at_ms == INT64_MAX || at_ms >= timer_at_ms_ || stopped_) return;
  timer_at_ms_ = at_ms;
  timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::milliseconds(at_ms)));
  timer_.async_wait([this, at_ms](const asio::error_code& ec) {
    if (ec) return;  // re-armed earlier, or cancelled
    if (timer_at_ms_ == at_ms) timer_at_ms_ = INT64_MAX;
    run();
  });
}

bool sender::partition_sendable(const partition_queue& q, const producer_batch& first) const {
  if (idempotent()) {
    if (!identity_valid_) return false;
    if (q.in_flight.empty()) return true;
    // Batches of an earlier identity must be resolved before sequences restart under the new one.
    if (q.in_flight.front()->identity_generation != generation_) return false;
    // A retry goes out alone, so its successors cannot overtake it.
    if (first.is_retry) return false;
    return q.in_flight.size() < static_cast<size_t>(std::min(config_.max_in_flight, 5));
  }
  if (q.in_flight.empty()) return true;
  return config_.max_in_flight > 1 && !first.is_retry;
}

bool sender::batch_ready(const partition_queue& q, const producer_batch& first, int64_t now, bool force,
                         int64_t& next_wake) const {
  if (first.is_retry) {
    if (now >= first.retry_at_ms) return true;
    next_wake = std::min(next_wake, first.retry_at_ms);
    return false;
  }
  if (force || q.batches.size() > 1 || !first.accepting()) return true;
  int64_t at = first.created_ms() + config_.linger_ms;
  if (now >= at) return true;
  next_wake = std::min(next_wake, at);
  return false;
}

void sender::drain_node(int32_t node, std::vector<node_queue>& queues, int64_t now, bool force, int64_t& next_wake) {
  auto conn = cluster_.connection(node);
  if (!conn) {
    // Backing off after a failure, or a leader the cluster metadata does not list (yet).
    if (!cluster_.node_backing_off(node)) metadata_.request_update();
    int64_t wait = std::max<int64_t>(cluster_.backoff_remaining().count(), 1);
    if (!cluster_.node_backing_off(node)) wait = std::max<int64_t>(wait, config_.retry_backoff_ms);
    next_wake = std::min(next_wake, now + wait);
    return;
  }
  if (!conn->ready()) {
    bool& watching = connect_watch_[node];
    if (!watching) {
      watching = true;
      conn->connect([this, node](const client_result<void>&) {
        connect_watch_[node] = false;
        wake();
      });
    }
    return;
  }
  size_t& start = drain_start_[node];
  int& in_flight = node_in_flight_[node];
  while (in_flight < config_.max_in_flight && !stopped_) {
    auto request = std::make_shared<in_flight_request>();
    request->node = node;
    size_t bytes = 0;
    size_t n = queues.size();
    for (size_t i = 0; i < n; ++i) {
      node_queue& nq = queues[(start + i) % n];
      partition_queue& q = *nq.queue;
      std::unique_ptr<producer_batch> batch;
      {
        std::lock_guard lock(q.mutex);
        if (q.batches.empty()) continue;
        producer_batch& first = *q.batches.front();
        if (!partition_sendable(q, first) || !batch_ready(q, first, now, force, next_wake)) continue;
        if (!request->batches.empty() && bytes + first.size_bytes() > static_cast<size_t>(config_.max_request_size)) {
          break;
        }
        batch = std::move(q.batches.front());
        q.batches.pop_front();
        batch->stop_accepting();
      }
      if (!prepare(q, *batch)) continue;
      bytes += batch->size_bytes();
      q.in_flight.push_back(batch.get());
      request->queues.push_back(&q);
      request->batches.push_back(std::move(batch));
    }
    if (n > 0) start = (start + 1) % n;
    if (request->batches.empty()) break;
    send_request(node, conn, std::move(request));
  }
}

bool sender::prepare(partition_queue& q, producer_batch& batch) {
  if (!idempotent()) {
    if (batch.closed()) return true;
    auto r = batch.close(config_.compression, compress_options_, -1, -1, -1);
    if (!r) batch.fail(error_code::unknown_server_error, "cannot compress the batch: " + r.error());
    return r.has_value();
  }
  if (q.identity_generation != generation_) {
    // First batch of this partition under a new identity (in_flight is empty: see partition_sendable).
    q.next_sequence = 0;
    q.last_acked_sequence = -1;
    q.identity_generation = generation_;
  }
  if (!batch.closed()) {
    auto r = batch.close(config_.compression, compress_options_, producer_id_, producer_epoch_, q.next_sequence);
    if (!r) {
      batch.fail(error_code::unknown_server_error, "cannot compress the batch: " + r.error());
      return false;
    }
  } else if (batch.identity_generation != generation_) {
    batch.restamp(producer_id_, producer_epoch_, q.next_sequence);
  } else {
    return true;  // a retry under the same identity keeps its sequence (the broker deduplicates)
  }
  batch.identity_generation = generation_;
  q.next_sequence = advance_sequence(q.next_sequence, batch.record_count());
  return true;
}

void sender::send_request(int32_t node, const std::shared_ptr<broker_connection>& conn,
                          std::shared_ptr<in_flight_request> request) {
  protocol::produce_request req;
  req.acks = config_.acks;
  req.timeout_ms = config_.request_timeout_ms;
  int64_t records = 0;
  int64_t uncompressed = 0;
  int64_t wire = 0;
  for (auto& b : request->batches) {
    auto topic =
        std::find_if(req.topic_data.begin(), req.topic_data.end(), [&](const auto& t) { return t.name == b->topic(); });
    if (topic == req.topic_data.end()) {
      topic = req.topic_data.emplace(req.topic_data.end());
      topic->name = b->topic();
    }
    auto& pd = topic->partition_data.emplace_back();
    pd.index = b->partition();
    pd.records.bytes = b->payload();  // shared: the connection splices it into the frame
    ++b->attempts;
    records += b->record_count();
    wire += static_cast<int64_t>(b->size_bytes());
    uncompressed += static_cast<int64_t>(b->uncompressed_size());
    stats_.raise_max(stats_.batch_bytes_max, static_cast<int64_t>(b->size_bytes()));
  }
  stats_.add(stats_.requests_sent, 1);
  stats_.add(stats_.request_records_total, records);
  stats_.add(stats_.batches_sent, static_cast<int64_t>(request->batches.size()));
  stats_.add(stats_.batch_bytes_total, wire);
  stats_.add(stats_.uncompressed_bytes_total, uncompressed);
  request->sent_us = steady_us();
  ++node_in_flight_[node];
  send_options options;
  options.expect_response = config_.acks != 0;
  conn->send<protocol::produce_response>(
      std::move(req), [this, request](client_result<protocol::produce_response> answer) { on_answer(request, answer); },
      options);
}

void sender::on_answer(const std::shared_ptr<in_flight_request>& request,
                       const client_result<protocol::produce_response>& answer) {
  --node_in_flight_[request->node];
  int64_t latency = steady_us() - request->sent_us;
  stats_.add(stats_.requests_answered, 1);
  stats_.add(stats_.latency_us_total, latency);
  stats_.raise_max(stats_.latency_us_max, latency);
  int64_t now = steady_ms();
  for (size_t i = 0; i < request->batches.size(); ++i) {
    auto& in_flight = request->queues[i]->in_flight;
    auto it = std::find(in_flight.begin(), in_flight.end(), request->batches[i].get());
    if (it != in_flight.end()) in_flight.erase(it);
  }
  auto batches = std::move(request->batches);
  if (stopped_) {
    for (auto& b : batches) b->fail(error_code::operation_not_attempted, stop_reason_);
    return;
  }
  if (!answer) {
    const client_error& e = answer.error();
    if (e.code == error_code::none) {  // acks=0: written, and that is all we will ever know
      for (auto& b : batches) b->complete(-1, -1);
    } else {
      metadata_.request_update();
      for (size_t i = 0; i < batches.size(); ++i) {
        on_batch_error(*request->queues[i], std::move(batches[i]), e.code, e.message, now);
      }
    }
    wake();
    return;
  }
  for (size_t i = 0; i < batches.size(); ++i) {
    auto& b = batches[i];
    partition_queue& q = *request->queues[i];
    const protocol::produce_response::topic_produce_response::partition_produce_response* pr = nullptr;
    for (const auto& t : answer->responses) {
      if (t.name != b->topic()) continue;
      for (const auto& p : t.partition_responses) {
        if (p.index == b->partition()) pr = &p;
      }
    }
    if (!pr) {
      on_batch_error(q, std::move(b), error_code::unknown_server_error,
                     "the broker's answer does not mention " + b->topic() + "-" + std::to_string(b->partition()), now);
      continue;
    }
    auto code = static_cast<error_code>(pr->error_code);
    if (code == error_code::none || code == error_code::duplicate_sequence_number) {
      if (b->identity_generation == q.identity_generation && b->base_sequence() >= 0) {
        q.last_acked_sequence = advance_sequence(b->base_sequence(), b->record_count() - 1);
      }
      b->complete(pr->base_offset, pr->log_append_time_ms);
    } else {
      on_batch_error(q, std::move(b), code, pr->error_message.value_or(""), now);
    }
  }
  wake();
}

void sender::on_batch_error(partition_queue& q, std::unique_ptr<producer_batch> batch, error_code code,
                            const std::string& message, int64_t now) {
  std::string text = describe(code, message);
  bool retriable = protocol::is_retriable(code);
  // The batch carries a sequence of the current identity: failing it for good breaks the chain.
  bool sequenced = idempotent() && batch->base_sequence() >= 0 && batch->identity_generation == generation_;
  bool reset = false;
  if (sequenced) {
    if (code == error_code::out_of_order_sequence_number) {
      // Behind an earlier batch that failed and will be resent: simply follow it. First in line:
      // the broker lost records it had acknowledged, which a retry cannot repair.
      bool first_in_line = batch->base_sequence() == advance_sequence(q.last_acked_sequence, 1);
      retriable = !first_in_line;
      reset = first_in_line;
    } else if (code == error_code::unknown_producer_id || code == error_code::invalid_producer_epoch ||
               code == error_code::producer_fenced) {
      // The broker no longer has our producer state: continue under a bumped epoch (KIP-360).
      retriable = true;
      reset = true;
    }
  }
  // Sent under an identity abandoned since (an earlier batch failed for good): the broker wrote
  // nothing of it, so it goes out again, restamped with the new identity's sequence.
  bool stale_identity = idempotent() && batch->base_sequence() >= 0 && batch->identity_generation != generation_;
  if (stale_identity && (code == error_code::out_of_order_sequence_number || code == error_code::unknown_producer_id ||
                         code == error_code::invalid_producer_epoch)) {
    retriable = true;
  }
  bool attempts_left = batch->attempts <= config_.retries;
  bool time_left = now + config_.retry_backoff_ms < batch->created_ms() + config_.delivery_timeout_ms;
  if (retriable && attempts_left && time_left) {
    batch->last_error = text;
    batch->is_retry = true;
    batch->retry_at_ms = now + config_.retry_backoff_ms;
    stats_.add(stats_.record_retries, batch->record_count());
    if (code != error_code::out_of_order_sequence_number) metadata_.request_update();
    if (reset) reset_identity(text);
    accumulator_.requeue(q, std::move(batch));
    return;
  }
  if (sequenced || reset) reset_identity(text);
  if (retriable && attempts_left) {
    fail_expired(*batch, now, text);
  } else {
    batch->fail(code, message);  // kafka_error puts the code's name in front itself
  }
}

void sender::fail_expired(producer_batch& batch, int64_t now, const std::string& why) {
  if (idempotent() && batch.base_sequence() >= 0 && batch.identity_generation == generation_) {
    reset_identity("a sequenced batch expired");
  }
  std::string message = "Expiring " + std::to_string(batch.record_count()) + " record(s) for " + batch.topic() + "-" +
                        std::to_string(batch.partition()) + ": " + std::to_string(now - batch.created_ms()) +
                        " ms has passed since batch creation (delivery_timeout_ms)";
  if (!why.empty()) message += "; last error: " + why;
  batch.fail(error_code::request_timed_out, message, /*timeout=*/true);
}

void sender::reset_identity(const std::string& why) {
  (void)why;
  if (!idempotent() || !identity_valid_) return;  // not idempotent, or a reset is already under way
  identity_valid_ = false;
  wake();
}

void sender::ensure_producer_id(int64_t now, int64_t& next_wake) {
  if (id_request_in_flight_) return;
  if (now < id_retry_at_ms_) {
    next_wake = std::min(next_wake, id_retry_at_ms_);
    return;
  }
  id_request_in_flight_ = true;
  protocol::init_producer_id_request req;
  req.transaction_timeout_ms = 60000;
  // With the current id and epoch, v3+ brokers bump the epoch (KIP-360); older ones allocate anew.
  req.producer_id = producer_id_;
  req.producer_epoch = producer_epoch_;
  cluster_.send_any<protocol::init_producer_id_response>(
      std::move(req), [this](client_result<protocol::init_producer_id_response> r) { on_producer_id(r); });
}

void sender::on_producer_id(const client_result<protocol::init_producer_id_response>& answer) {
  id_request_in_flight_ = false;
  if (stopped_) return;
  int64_t now = steady_ms();
  error_code code = answer ? static_cast<error_code>(answer->error_code) : answer.error().code;
  if (code == error_code::none) {
    producer_id_ = answer->producer_id;
    producer_epoch_ = answer->producer_epoch;
    ++generation_;
    identity_valid_ = true;
    wake();
    return;
  }
  std::string message = describe(code, answer ? std::string() : answer.error().message);
  if (code == error_code::unsupported_version) {
    if (config_.idempotence_requested) {
      std::string text =
          "enable_idempotence=true but the broker cannot give out producer ids (InitProducerId): " + message;
      {
        std::lock_guard lock(fatal_mutex_);
        fatal_.emplace(error_code::unsupported_version, text);
        has_fatal_.store(true, std::memory_order_release);
      }
      fail_all(error_code::unsupported_version, text);
    } else {
      // Idempotence was only the default: carry on without it, as a pre-0.11 broker requires.
      idempotent_.store(false);
    }
    wake();
    return;
  }
  if (!protocol::is_retriable(code) && code != error_code::network_exception) {
    if (producer_id_ >= 0) {
      producer_id_ = -1;  // the bump was refused: ask for a fresh id instead
      producer_epoch_ = -1;
    } else {
      std::string text = "cannot get a producer id for idempotence: " + message;
      {
        std::lock_guard lock(fatal_mutex_);
        fatal_.emplace(code, text);
        has_fatal_.store(true, std::memory_order_release);
      }
      fail_all(code, text);
      return;
    }
  }
  id_retry_at_ms_ = now + config_.retry_backoff_ms;
  wake();
}

}  // namespace gregor::client
