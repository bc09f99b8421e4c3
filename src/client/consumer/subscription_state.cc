#include "client/consumer/subscription_state.h"

#include <algorithm>

#include "gregor/errors.h"

namespace gregor::client {

namespace {

std::string name_of(const gregor::topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

}  // namespace

// ---- subscription ----

bool subscription_state::subscribe(std::vector<std::string> topics) {
  std::lock_guard lock(mutex_);
  if (kind_ == subscription_kind::manual) {
    throw illegal_state_error("subscribe() after assign(): call unsubscribe() first");
  }
  std::set<std::string> next(topics.begin(), topics.end());
  bool changed = kind_ != subscription_kind::topics || next != topics_;
  kind_ = next.empty() ? subscription_kind::none : subscription_kind::topics;
  topics_ = std::move(next);
  pattern_.reset();
  return changed;
}

void subscription_state::subscribe(std::regex pattern) {
  std::lock_guard lock(mutex_);
  if (kind_ == subscription_kind::manual) {
    throw illegal_state_error("subscribe() after assign(): call unsubscribe() first");
  }
  if (kind_ != subscription_kind::pattern) topics_.clear();
  kind_ = subscription_kind::pattern;
  pattern_ = std::move(pattern);
}

void subscription_state::assign(const std::vector<gregor::topic_partition>& partitions, position_source source) {
  std::lock_guard lock(mutex_);
  if (kind_ == subscription_kind::topics || kind_ == subscription_kind::pattern) {
    throw illegal_state_error("assign() after subscribe(): call unsubscribe() first");
  }
  kind_ = partitions.empty() ? subscription_kind::none : subscription_kind::manual;
  topics_.clear();
  for (const auto& tp : partitions) topics_.insert(tp.topic);
  set_partitions(partitions, source);
}

void subscription_state::unsubscribe() {
  std::lock_guard lock(mutex_);
  kind_ = subscription_kind::none;
  topics_.clear();
  pattern_.reset();
  partitions_.clear();
}

subscription_kind subscription_state::kind() const {
  std::lock_guard lock(mutex_);
  return kind_;
}

bool subscription_state::group_managed() const {
  std::lock_guard lock(mutex_);
  return kind_ == subscription_kind::topics || kind_ == subscription_kind::pattern;
}

std::set<std::string> subscription_state::subscribed_topics() const {
  std::lock_guard lock(mutex_);
  return topics_;
}

std::optional<std::vector<std::string>> subscription_state::metadata_topics() const {
  std::lock_guard lock(mutex_);
  if (kind_ == subscription_kind::pattern) return std::nullopt;
  std::set<std::string> all = topics_;
  for (const auto& [tp, p] : partitions_) all.insert(tp.topic);
  return std::vector<std::string>(all.begin(), all.end());
}

bool subscription_state::update_pattern_matches(const std::vector<std::string>& all_topics) {
  std::lock_guard lock(mutex_);
  if (kind_ != subscription_kind::pattern || !pattern_) return false;
  std::set<std::string> matched;
  // A whole-name match, as Java's Pattern.matcher(topic).matches().
  for (const auto& t : all_topics) {
    if (std::regex_match(t, *pattern_)) matched.insert(t);
  }
  if (matched == topics_) return false;
  topics_ = std::move(matched);
  return true;
}

// ---- assignment ----

void subscription_state::start(partition_state& p, position_source source) {
  p.position.reset();
  p.how = source == position_source::committed ? init::committed : init::reset;
  p.strategy = default_reset_;
  p.lookup_in_flight = false;
  p.error.reset();
  invalidate_locked(p);
}

void subscription_state::invalidate_locked(partition_state& p) {
  p.epoch = next_epoch_++;
  p.next_fetch_offset = p.position.value_or(-1);
  p.fetch_in_flight = false;
  p.buffered.clear();
  p.reading = false;
}

void subscription_state::set_partitions(const std::vector<gregor::topic_partition>& partitions, position_source source) {
  std::map<gregor::topic_partition, partition_state> next;
  for (const auto& tp : partitions) {
    auto it = partitions_.find(tp);
    if (it != partitions_.end()) {
      next.emplace(tp, std::move(it->second));
    } else {
      start(next[tp], source);
    }
  }
  partitions_ = std::move(next);
}

void subscription_state::set_assignment(const std::vector<gregor::topic_partition>& partitions, position_source source) {
  std::lock_guard lock(mutex_);
  set_partitions(partitions, source);
}

std::vector<gregor::topic_partition> subscription_state::assigned() const {
  std::lock_guard lock(mutex_);
  std::vector<gregor::topic_partition> out;
  out.reserve(partitions_.size());
  for (const auto& [tp, p] : partitions_) out.push_back(tp);
  return out;
}

bool subscription_state::is_assigned(const gregor::topic_partition& tp) const {
  std::lock_guard lock(mutex_);
  return partitions_.count(tp) > 0;
}

subscription_state::partition_state& subscription_state::assigned_state(const gregor::topic_partition& tp) {
  auto it = partitions_.find(tp);
  if (it == partitions_.end()) throw illegal_state_error("partition " + name_of(tp) + " is not assigned");
  return it->second;
}

const subscription_state::partition_state& subscription_state::assigned_state(const gregor::topic_partition& tp) const {
  auto it = partitions_.find(tp);
  if (it == partitions_.end()) throw illegal_state_error("partition " + name_of(tp) + " is not assigned");
  return it->second;
}

// ---- positions ----

std::optional<int64_t> subscription_state::position(const gregor::topic_partition& tp) const {
  std::lock_guard lock(mutex_);
  const auto& p = assigned_state(tp);
  if (p.how != init::ready) return std::nullopt;
  return p.position;
}

void subscription_state::seek(const gregor::topic_partition& tp, int64_t offset) {
  std::lock_guard lock(mutex_);
  auto& p = assigned_state(tp);
  p.position = offset;
  p.how = init::ready;
  p.lookup_in_flight = false;
  p.error.reset();
  invalidate_locked(p);
}

void subscription_state::request_reset(const std::vector<gregor::topic_partition>& partitions, offset_reset_strategy strategy) {
  std::lock_guard lock(mutex_);
  for (const auto& tp : partitions) {
    auto& p = assigned_state(tp);
    p.position.reset();
    p.how = init::reset;
    p.strategy = strategy;
    p.lookup_in_flight = false;
    p.error.reset();
    invalidate_locked(p);
  }
}

bool subscription_state::reset_after_out_of_range(const gregor::topic_partition& tp, uint64_t epoch, int64_t fetch_offset) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it == partitions_.end() || it->second.epoch != epoch) return true;
  auto& p = it->second;
  if (p.position != fetch_offset) {
    // A fetch ahead of the position failed: fetch again from the position.
    invalidate_locked(p);
    return true;
  }
  if (default_reset_ == offset_reset_strategy::none) {
    p.error = client_error{protocol::error_code::offset_out_of_range,
                           "offset " + std::to_string(fetch_offset) + " of " + name_of(tp) +
                               " is out of range and auto_offset_reset is none"};
    invalidate_locked(p);
    p.next_fetch_offset = -1;
    return false;
  }
  p.position.reset();
  p.how = init::reset;
  p.strategy = default_reset_;
  p.lookup_in_flight = false;
  invalidate_locked(p);
  return true;
}

std::map<gregor::topic_partition, offset_and_metadata> subscription_state::consumed_offsets() const {
  std::lock_guard lock(mutex_);
  std::map<gregor::topic_partition, offset_and_metadata> out;
  for (const auto& [tp, p] : partitions_) {
    if (p.how == init::ready && p.position) out[tp] = offset_and_metadata{*p.position, "", -1};
  }
  return out;
}

bool subscription_state::has_unresolved() const {
  std::lock_guard lock(mutex_);
  for (const auto& [tp, p] : partitions_) {
    if (p.how != init::ready && !p.lookup_in_flight && !p.error) return true;
  }
  return false;
}

std::optional<client_error> subscription_state::pending_error() const {
  std::lock_guard lock(mutex_);
  for (const auto& [tp, p] : partitions_) {
    if (p.error) return p.error;
  }
  return std::nullopt;
}

std::optional<int64_t> subscription_state::high_watermark(const gregor::topic_partition& tp) const {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it == partitions_.end() || it->second.high_watermark < 0) return std::nullopt;
  return it->second.high_watermark;
}

int64_t subscription_state::max_lag() const {
  std::lock_guard lock(mutex_);
  int64_t lag = -1;
  for (const auto& [tp, p] : partitions_) {
    if (p.position && p.high_watermark >= 0) lag = std::max(lag, p.high_watermark - *p.position);
  }
  return lag;
}

// ---- pause ----

void subscription_state::pause(const std::vector<gregor::topic_partition>& partitions) {
  std::lock_guard lock(mutex_);
  for (const auto& tp : partitions) {
    auto& p = assigned_state(tp);
    if (p.paused) continue;
    p.paused = true;
    // Buffered data is dropped rather than held: it is refetched from the position on resume().
    invalidate_locked(p);
  }
}

void subscription_state::resume(const std::vector<gregor::topic_partition>& partitions) {
  std::lock_guard lock(mutex_);
  for (const auto& tp : partitions) assigned_state(tp).paused = false;
}

std::set<gregor::topic_partition> subscription_state::paused() const {
  std::lock_guard lock(mutex_);
  std::set<gregor::topic_partition> out;
  for (const auto& [tp, p] : partitions_) {
    if (p.paused) out.insert(tp);
  }
  return out;
}

// ---- position lookups ----

std::vector<gregor::topic_partition> subscription_state::take_committed_lookups() {
  std::lock_guard lock(mutex_);
  std::vector<gregor::topic_partition> out;
  for (auto& [tp, p] : partitions_) {
    if (p.how == init::committed && !p.lookup_in_flight) {
      p.lookup_in_flight = true;
      out.push_back(tp);
    }
  }
  return out;
}

std::vector<subscription_state::lookup> subscription_state::take_reset_lookups() {
  std::lock_guard lock(mutex_);
  std::vector<lookup> out;
  for (auto& [tp, p] : partitions_) {
    if (p.how != init::reset || p.lookup_in_flight || p.error) continue;
    if (p.strategy == offset_reset_strategy::none) {
      p.error = client_error{protocol::error_code::offset_out_of_range,
                             "no committed offset for " + name_of(tp) + " and auto_offset_reset is none"};
      continue;
    }
    p.lookup_in_flight = true;
    out.push_back({tp, p.strategy, p.epoch});
  }
  return out;
}

void subscription_state::resolve_committed(const gregor::topic_partition& tp, std::optional<int64_t> offset) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it == partitions_.end() || it->second.how != init::committed) return;
  auto& p = it->second;
  p.lookup_in_flight = false;
  if (offset && *offset >= 0) {
    p.position = *offset;
    p.how = init::ready;
    invalidate_locked(p);
  } else {
    p.how = init::reset;
    p.strategy = default_reset_;
  }
}

void subscription_state::resolve_reset(const lookup& l, int64_t offset) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(l.tp);
  if (it == partitions_.end() || it->second.how != init::reset || !it->second.lookup_in_flight ||
      it->second.epoch != l.epoch)
    return;
  auto& p = it->second;
  p.lookup_in_flight = false;
  p.position = offset;
  p.how = init::ready;
  invalidate_locked(p);
}

void subscription_state::lookup_failed(const gregor::topic_partition& tp) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it != partitions_.end()) it->second.lookup_in_flight = false;
}

void subscription_state::lookup_failed(const lookup& l) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(l.tp);
  if (it != partitions_.end() && it->second.epoch == l.epoch) it->second.lookup_in_flight = false;
}

// ---- fetching ----

std::vector<subscription_state::fetch_target> subscription_state::fetchable(size_t max_buffered) const {
  std::lock_guard lock(mutex_);
  std::vector<fetch_target> out;
  for (const auto& [tp, p] : partitions_) {
    if (p.how != init::ready || p.paused || p.fetch_in_flight || p.error || p.next_fetch_offset < 0) continue;
    if (p.buffered.size() + (p.reading ? 1 : 0) >= max_buffered) continue;
    bool caught_up = p.high_watermark >= 0 && p.next_fetch_offset >= p.high_watermark;
    out.push_back({tp, p.epoch, p.next_fetch_offset, caught_up});
  }
  return out;
}

std::vector<gregor::topic_partition> subscription_state::held_back(size_t max_buffered) const {
  std::lock_guard lock(mutex_);
  std::vector<gregor::topic_partition> out;
  for (const auto& [tp, p] : partitions_) {
    if (p.how != init::ready || p.paused || p.fetch_in_flight || p.error || p.next_fetch_offset < 0) continue;
    if (p.buffered.size() + (p.reading ? 1 : 0) < max_buffered) continue;
    if (p.high_watermark < 0 || p.next_fetch_offset < p.high_watermark) out.push_back(tp);
  }
  return out;
}

void subscription_state::mark_in_flight(const fetch_target& target) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(target.tp);
  if (it != partitions_.end() && it->second.epoch == target.epoch) it->second.fetch_in_flight = true;
}

bool subscription_state::add_fetch(completed_fetch fetch) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(fetch.tp);
  if (it == partitions_.end() || it->second.epoch != fetch.epoch) return false;
  auto& p = it->second;
  p.fetch_in_flight = false;
  if (fetch.high_watermark >= 0) p.high_watermark = fetch.high_watermark;
  if (fetch.log_start_offset >= 0) p.log_start_offset = fetch.log_start_offset;
  if (fetch.last_stable_offset >= 0) p.last_stable_offset = fetch.last_stable_offset;
  if (fetch.error == protocol::error_code::none) p.next_fetch_offset = fetch.next_fetch_offset;
  else p.next_fetch_offset = -1;  // nothing more is fetched until poll() handles the error
  p.buffered.push_back(std::move(fetch));
  return true;
}

void subscription_state::fetch_done(const gregor::topic_partition& tp, uint64_t epoch, int64_t high_watermark,
                                    int64_t log_start_offset, int64_t last_stable_offset) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it == partitions_.end() || it->second.epoch != epoch) return;
  auto& p = it->second;
  p.fetch_in_flight = false;
  if (high_watermark >= 0) p.high_watermark = high_watermark;
  if (log_start_offset >= 0) p.log_start_offset = log_start_offset;
  if (last_stable_offset >= 0) p.last_stable_offset = last_stable_offset;
}

size_t subscription_state::buffered_bytes() const {
  std::lock_guard lock(mutex_);
  size_t total = 0;
  for (const auto& [tp, p] : partitions_) {
    for (const auto& f : p.buffered) total += f.records.size();
  }
  return total;
}

// ---- draining ----

std::optional<subscription_state::taken_fetch> subscription_state::take_fetch() {
  std::lock_guard lock(mutex_);
  if (partitions_.empty()) return std::nullopt;
  // Start after the partition read last, so every partition gets its turn.
  auto start = partitions_.upper_bound(drain_cursor_);
  for (size_t i = 0; i < partitions_.size(); ++i, ++start) {
    if (start == partitions_.end()) start = partitions_.begin();
    auto& [tp, p] = *start;
    if (p.buffered.empty() || p.paused || p.reading || p.how != init::ready || !p.position) continue;
    completed_fetch fetch = std::move(p.buffered.front());
    p.buffered.pop_front();
    drain_cursor_ = tp;
    if (fetch.error == protocol::error_code::none && fetch.fetch_offset > *p.position) {
      // A gap between what was fetched and the position (the previous fetch ended early):
      // refetch from the position.
      invalidate_locked(p);
      continue;
    }
    p.reading = true;
    return taken_fetch{std::move(fetch), *p.position};
  }
  return std::nullopt;
}

void subscription_state::advance(const gregor::topic_partition& tp, uint64_t epoch, int64_t position) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it == partitions_.end() || it->second.epoch != epoch) return;
  it->second.position = position;
}

void subscription_state::release_fetch(const gregor::topic_partition& tp, uint64_t epoch, std::optional<int64_t> position) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it == partitions_.end() || it->second.epoch != epoch) return;
  auto& p = it->second;
  p.reading = false;
  if (position) p.position = *position;
}

bool subscription_state::is_current(const gregor::topic_partition& tp, uint64_t epoch) const {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  return it != partitions_.end() && it->second.epoch == epoch && !it->second.paused;
}

void subscription_state::invalidate(const gregor::topic_partition& tp) {
  std::lock_guard lock(mutex_);
  auto it = partitions_.find(tp);
  if (it != partitions_.end()) invalidate_locked(it->second);
}

}  // namespace gregor::client
