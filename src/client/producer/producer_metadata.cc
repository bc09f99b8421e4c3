#include "client/producer/producer_metadata.h"

#include <algorithm>

#include "client/producer/clock.h"
#include "gregor/errors.h"

namespace gregor::client {

producer_metadata::producer_metadata(metadata_settings settings, cluster_client& cluster,
                                     record_accumulator& accumulator, producer_stats& stats,
                                     std::function<void()> wake_sender)
    : settings_(settings),
      cluster_(cluster),
      accumulator_(accumulator),
      stats_(stats),
      wake_sender_(std::move(wake_sender)) {}

record_accumulator::topic_view producer_metadata::await_topic(std::string_view topic, lazy_deadline& deadline,
                                                              bool may_block) {
  auto view = accumulator_.find(topic);
  if (view.topic && view.info->partition_count > 0) return view;  // the common case: no waiting

  auto started = std::chrono::steady_clock::now();
  accumulator_.add(topic);
  std::unique_lock lock(wait_mutex_);
  waiters_.fetch_add(1);
  request_update();
  wake_sender_();
  struct leave {
    std::atomic<int>& n;
    ~leave() { n.fetch_sub(1); }
  } leaving{waiters_};
  for (;;) {
    if (closed_.load()) throw illegal_state_error("the producer was closed while send() waited for metadata");
    view = accumulator_.find(topic);
    const topic_info& info = *view.info;
    if (info.partition_count > 0) return view;
    // Errors that no amount of waiting fixes are reported at once (Java does the same).
    if (info.error != error_code::none && !protocol::is_retriable(info.error)) {
      throw kafka_error(info.error, "cannot send to topic " + std::string(topic));
    }
    if (!may_block || wait_cv_.wait_until(lock, deadline.get()) == std::cv_status::timeout) {
      view = accumulator_.find(topic);
      if (view.info->partition_count > 0) return view;
      auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      std::string why;
      if (view.info->error != error_code::none)
        why = " (last answer: " + std::string(protocol::error_name(view.info->error)) + ")";
      if (!may_block) why += " (send() from a producer callback does not wait for metadata)";
      throw kafka_timeout_error("Topic " + std::string(topic) + " not present in metadata after " +
                                std::to_string(waited.count()) + " ms." + why);
    }
  }
}

void producer_metadata::close() {
  closed_.store(true);
  notify_waiters();
}

void producer_metadata::notify_waiters() {
  { std::lock_guard lock(wait_mutex_); }  // a waiter between its check and its wait sees the change
  wait_cv_.notify_all();
}

void producer_metadata::poll(int64_t now, int64_t& next_wake_ms) {
  int64_t due = last_refresh_ms_ + settings_.metadata_max_age_ms;
  bool wanted = update_requested_.load(std::memory_order_relaxed) || waiters_.load() > 0 || now >= due;
  if (in_flight_ || closed_.load()) return;
  if (!wanted) {
    next_wake_ms = std::min(next_wake_ms, due);
    return;
  }
  std::vector<std::string> topics;
  accumulator_.for_each_topic([&](topic_queues& t, const topic_info&) { topics.push_back(t.name); });
  // Back off between refreshes, unless a topic was added since the last one: a first send() to a
  // new topic should not wait behind the previous answer's backoff.
  int64_t allowed = last_attempt_ms_ + settings_.retry_backoff_ms;
  if (now < allowed && topics.size() <= last_request_topics_) {
    next_wake_ms = std::min(next_wake_ms, allowed);
    return;
  }
  update_requested_.store(false, std::memory_order_relaxed);
  in_flight_ = true;
  last_attempt_ms_ = now;
  last_request_topics_ = topics.size();
  stats_.add(stats_.metadata_requests, 1);
  cluster_.refresh_metadata(std::move(topics), [this](client_result<metadata_snapshot> answer) { on_answer(answer); });
}

void producer_metadata::on_answer(const client_result<metadata_snapshot>& answer) {
  in_flight_ = false;
  if (!answer) {
    last_error_ = answer.error().describe();
    update_requested_.store(true);  // try again after retry_backoff_ms
    wake_sender_();
    return;
  }
  last_error_.clear();
  last_refresh_ms_ = steady_ms();
  const cluster_metadata& md = **answer;
  std::vector<topic_queues*> topics;
  accumulator_.for_each_topic([&](topic_queues& t, const topic_info&) { topics.push_back(&t); });
  for (topic_queues* t : topics) {
    auto previous = accumulator_.find(t->name).info;
    auto info = std::make_shared<topic_info>();
    const topic_metadata* tm = md.topic(t->name);
    if (!tm) {
      info->error = error_code::unknown_topic_or_partition;
    } else {
      info->error = static_cast<error_code>(tm->error_code);
    }
    if (tm && info->error == error_code::none && !tm->partitions.empty()) {
      info->partition_count = static_cast<int32_t>(tm->partitions.size());
      info->leaders.resize(tm->partitions.size(), -1);
      for (const auto& p : tm->partitions) {
        info->leaders[p.partition] = p.leader;
        if (p.leader >= 0) info->available.push_back(p.partition);
      }
    } else if (info->error == error_code::leader_not_available && previous->partition_count > 0) {
      // An election in progress: keep the partitions (records keep their partition), no leaders.
      info->partition_count = previous->partition_count;
      info->leaders.assign(previous->partition_count, -1);
    }
    accumulator_.set_info(*t, std::move(info));
  }
  // Topics still unknown are asked about again while a send() waits for them (poll() sees the
  // waiters); partitions without a leader while they hold records, because the sender asks.
  notify_waiters();
  wake_sender_();
}

}  // namespace gregor::client
