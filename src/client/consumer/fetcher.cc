#include "client/consumer/fetcher.h"

#include <algorithm>

#include "client/net/error_kinds.h"

namespace gregor::client {

using protocol::error_code;

fetcher::fetcher(cluster_client& cluster, subscription_state& state, fetcher_options options,
                 consumer_metrics& metrics, std::function<void()> on_data, std::function<void()> need_metadata)
    : cluster_(cluster),
      state_(state),
      options_(options),
      metrics_(metrics),
      on_data_(std::move(on_data)),
      need_metadata_(std::move(need_metadata)),
      retry_timer_(cluster.io()) {}

void fetcher::close() {
  closed_ = true;
  retry_timer_.cancel();
}

void fetcher::maybe_send() {
  if (closed_) return;
  // Everything buffered counts against fetch_max_bytes: poll() must drain before more comes.
  if (state_.buffered_bytes() >= static_cast<size_t>(options_.max_bytes)) return;
  auto targets = state_.fetchable(options_.max_buffered_per_partition);
  if (targets.empty()) return;
  auto md = cluster_.metadata();
  auto now = clock::now();
  std::map<int32_t, std::vector<target>> by_node;
  bool missing_leader = false;
  for (auto& t : targets) {
    const topic_metadata* tm = md->topic(t.tp.topic);
    const partition_metadata* pm = tm ? tm->partition(t.tp.partition) : nullptr;
    if (!pm || pm->leader < 0) {
      missing_leader = true;
      continue;
    }
    int32_t node = pm->leader;
    if (in_flight_.count(node)) continue;
    if (auto b = backoff_until_.find(node); b != backoff_until_.end() && b->second > now) {
      schedule_retry(b->second);
      continue;
    }
    by_node[node].push_back(std::move(t));
  }
  for (auto& [node, list] : by_node) {
    if (!worth_waiting_for(node, list, *md)) send(node, std::move(list));
  }
  if (missing_leader) need_metadata_();
}

bool fetcher::worth_waiting_for(int32_t node, const std::vector<target>& targets, const cluster_metadata& md) const {
  if (!std::all_of(targets.begin(), targets.end(), [](const target& t) { return t.caught_up; })) return false;
  for (const auto& tp : state_.held_back(options_.max_buffered_per_partition)) {
    const topic_metadata* tm = md.topic(tp.topic);
    const partition_metadata* pm = tm ? tm->partition(tp.partition) : nullptr;
    if (pm && pm->leader == node) return true;
  }
  return false;
}

void fetcher::send(int32_t node, std::vector<target> targets) {
  // Rotate, then group by topic in order of first appearance.
  std::rotate(targets.begin(), targets.begin() + static_cast<std::ptrdiff_t>(rotation_++ % targets.size()),
              targets.end());
  protocol::fetch_request request;
  request.replica_id = -1;
  request.max_wait_ms = options_.max_wait_ms;
  request.min_bytes = options_.min_bytes;
  request.max_bytes = options_.max_bytes;
  request.isolation_level = options_.read_committed ? 1 : 0;
  request.session_id = 0;
  request.session_epoch = -1;  // a full fetch outside any session (KIP-227)
  std::map<std::string, size_t> topic_index;
  for (const auto& t : targets) {
    auto [it, added] = topic_index.emplace(t.tp.topic, request.topics.size());
    if (added) request.topics.emplace_back().topic = t.tp.topic;
    auto& p = request.topics[it->second].partitions.emplace_back();
    p.partition = t.tp.partition;
    p.fetch_offset = t.offset;
    p.partition_max_bytes = options_.partition_max_bytes;
    state_.mark_in_flight(t);
  }
  in_flight_.insert(node);
  auto sent = clock::now();
  send_options options;
  options.extra_timeout_ms = options_.max_wait_ms;
  cluster_.send_to<protocol::fetch_response>(
      node, std::move(request),
      [this, node, targets = std::move(targets), sent](client_result<protocol::fetch_response> r) {
        on_response(node, targets, std::move(r), sent);
      },
      options);
}

void fetcher::on_response(int32_t node, const std::vector<target>& targets,
                          client_result<protocol::fetch_response> r, clock::time_point sent) {
  if (closed_) return;
  in_flight_.erase(node);
  if (!r || r->error_code != 0) {
    for (const auto& t : targets) state_.fetch_done(t.tp, t.epoch);
    metrics_.record_fetch_error();
    back_off(node);
    need_metadata_();
    return;
  }
  std::map<gregor::topic_partition, const target*> by_tp;
  for (const auto& t : targets) by_tp.emplace(t.tp, &t);
  bool data = false;
  bool refresh = false;
  bool slow_down = false;
  size_t bytes = 0;
  for (auto& topic : r->responses) {
    for (auto& p : topic.partitions) {
      auto it = by_tp.find(gregor::topic_partition{topic.topic, p.partition_index});
      if (it == by_tp.end()) continue;
      const target& t = *it->second;
      by_tp.erase(it);
      auto code = static_cast<error_code>(p.error_code);
      if (code == error_code::none) {
        bytes += p.records.bytes.size();
        int64_t next = next_offset_after(p.records.bytes, t.offset);
        if (next <= t.offset) {
          state_.fetch_done(t.tp, t.epoch, p.high_watermark, p.log_start_offset, p.last_stable_offset);
          continue;
        }
        completed_fetch c;
        c.tp = t.tp;
        c.epoch = t.epoch;
        c.fetch_offset = t.offset;
        c.next_fetch_offset = next;
        c.records = std::move(p.records.bytes);
        if (options_.read_committed && p.aborted_transactions) {
          for (const auto& a : *p.aborted_transactions) c.aborted.push_back({a.producer_id, a.first_offset});
        }
        c.high_watermark = p.high_watermark;
        c.last_stable_offset = p.last_stable_offset;
        c.log_start_offset = p.log_start_offset;
        data |= state_.add_fetch(std::move(c));
      } else if (is_stale_metadata_error(code)) {
        state_.fetch_done(t.tp, t.epoch);
        refresh = true;
        slow_down = true;
      } else if (code == error_code::offset_out_of_range || !protocol::is_retriable(code)) {
        // Handled by poll() in order: a reset, or an error for the application.
        completed_fetch c;
        c.tp = t.tp;
        c.epoch = t.epoch;
        c.fetch_offset = t.offset;
        c.next_fetch_offset = t.offset;
        c.error = code;
        data |= state_.add_fetch(std::move(c));
      } else {
        state_.fetch_done(t.tp, t.epoch);
        slow_down = true;
      }
    }
  }
  // Partitions the broker did not mention are fetched again.
  for (const auto& [tp, t] : by_tp) state_.fetch_done(tp, t->epoch);
  metrics_.record_fetch(std::chrono::duration<double, std::milli>(clock::now() - sent).count(), bytes);
  if (slow_down) back_off(node);
  if (refresh) need_metadata_();
  if (data) on_data_();
  maybe_send();
}

void fetcher::back_off(int32_t node) {
  auto until = clock::now() + std::chrono::milliseconds(options_.retry_backoff_ms);
  backoff_until_[node] = until;
  schedule_retry(until);
}

void fetcher::schedule_retry(clock::time_point when) {
  if (closed_) return;
  // One timer: keep the earliest pending retry.
  if (retry_at_ != clock::time_point{} && retry_at_ <= when && retry_at_ > clock::now()) return;
  retry_at_ = when;
  retry_timer_.expires_at(when);
  retry_timer_.async_wait([this](const asio::error_code& ec) {
    if (ec || closed_) return;
    retry_at_ = {};
    maybe_send();
  });
}

}  // namespace gregor::client
