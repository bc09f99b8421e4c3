// group_coordinator: OffsetCommit, OffsetFetch, OffsetDelete and offset expiry.
#include <spdlog/spdlog.h>

#include "coordinator/append_once.h"
#include "coordinator/group_coordinator.h"

namespace gregor::coordinator {

using protocol::error_code;

namespace {
uint64_t next_commit_sequence() {
  static std::atomic<uint64_t> sequence{0};
  return ++sequence;
}
}  // namespace

void group_coordinator::commit_offsets(commit_request request,
                                       const std::function<bool(const std::string&, int32_t)>& partition_exists,
                                       std::function<void(error_code, std::vector<error_code>)> done) {
  completions out;
  auto errors = std::make_shared<std::vector<error_code>>(request.offsets.size(), error_code::none);
  {
    std::lock_guard lock(mutex_);
    auto fail_all = [&](error_code e) {
      std::fill(errors->begin(), errors->end(), e);
      out.push_back([done, errors] { done(error_code::none, *errors); });
    };
    error_code status = status_locked(partition_for(request.group_id));
    group* g = status == error_code::none ? find_group(request.group_id) : nullptr;
    if (request.group_id.empty()) {
      fail_all(error_code::invalid_group_id);
    } else if (status != error_code::none) {
      fail_all(status);
    } else if (!g && request.generation_id >= 0) {
      fail_all(error_code::illegal_generation);
    } else if (g && g->state == group_state::dead) {
      fail_all(error_code::coordinator_not_available);
    } else {
      if (!g) g = &get_or_create(request.group_id);  // a group that only commits (no membership)
      error_code membership = error_code::none;
      if (!(request.generation_id < 0 && g->state == group_state::empty)) {
        if (g->is_fenced(request.group_instance_id, request.member_id)) {
          membership = error_code::fenced_instance_id;
        } else if (!g->has_member(request.member_id)) {
          membership = error_code::unknown_member_id;
        } else if (request.generation_id != g->generation_id) {
          membership = error_code::illegal_generation;
        } else if (g->state == group_state::completing_rebalance) {
          membership = error_code::rebalance_in_progress;
        }
      }
      if (membership != error_code::none) {
        fail_all(membership);
      } else {
        if (g->has_member(request.member_id)) touch_session(*g, g->members.at(request.member_id));
        int64_t now = timers_.now_ms();
        std::vector<offsets_store::record> records;
        auto accepted = std::make_shared<std::vector<std::pair<topic_partition_key, committed_offset>>>();
        for (size_t i = 0; i < request.offsets.size(); ++i) {
          auto& o = request.offsets[i];
          if (!partition_exists(o.topic, o.partition)) {
            (*errors)[i] = error_code::unknown_topic_or_partition;
            continue;
          }
          std::string metadata = o.metadata.value_or("");
          if (metadata.size() > static_cast<size_t>(config_.offset_metadata_max_bytes)) {
            (*errors)[i] = error_code::offset_metadata_too_large;
            continue;
          }
          committed_offset c;
          c.offset = o.offset;
          c.leader_epoch = o.leader_epoch;
          c.metadata = std::move(metadata);
          c.commit_timestamp_ms = o.commit_timestamp_ms >= 0 ? o.commit_timestamp_ms : now;
          if (request.retention_time_ms >= 0) c.expire_timestamp_ms = c.commit_timestamp_ms + request.retention_time_ms;
          c.sequence = next_commit_sequence();
          offset_commit_value v{c.offset, c.leader_epoch, c.metadata, c.commit_timestamp_ms, -1};
          records.emplace_back(encode_key(offset_commit_key{g->group_id, o.topic, o.partition}), encode_value(v));
          accepted->emplace_back(topic_partition_key{o.topic, o.partition}, std::move(c));
        }
        if (records.empty()) {
          out.push_back([done, errors] { done(error_code::none, *errors); });
        } else {
          // Acknowledge only once durable; only then do fetches see the new offsets.
          append_once(store_, g->offsets_partition, std::move(records),
                      [this, group_id = g->group_id, accepted, errors, done](
                          error_code e) {
                        if (e == error_code::none) {
                          std::lock_guard inner(mutex_);
                          if (group* current = shut_down_ ? nullptr : find_group(group_id)) {
                            for (auto& [tp, c] : *accepted) {
                              auto& slot = current->offsets[tp];
                              if (slot.sequence <= c.sequence) slot = c;
                            }
                          }
                        } else {
                          for (auto& err : *errors) {
                            if (err == error_code::none) err = e;
                          }
                        }
                        done(error_code::none, *errors);
                      },
                      out);
        }
      }
    }
  }
  run(out);
}

fetch_offsets_result group_coordinator::fetch_offsets(
    const std::string& group_id,
    const std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>>& partitions) {
  std::lock_guard lock(mutex_);
  fetch_offsets_result result;
  result.error = status_locked(partition_for(group_id));
  if (result.error != error_code::none) return result;
  const group* g = find_group(group_id);
  if (g && g->state == group_state::dead) g = nullptr;
  if (!partitions) {
    if (g) {
      for (const auto& [tp, c] : g->offsets) result.offsets.push_back({tp.topic, tp.partition, c, error_code::none});
    }
    return result;
  }
  for (const auto& [topic, indexes] : *partitions) {
    for (int32_t p : indexes) {
      fetched_offset f{topic, p, committed_offset{}, error_code::none};
      if (g) {
        auto it = g->offsets.find(topic_partition_key{topic, p});
        if (it != g->offsets.end()) f.value = it->second;
      }
      result.offsets.push_back(std::move(f));
    }
  }
  return result;
}

void group_coordinator::delete_offsets(const std::string& group_id,
                                       std::vector<std::pair<std::string, int32_t>> partitions,
                                       std::function<void(error_code, std::vector<error_code>)> done) {
  completions out;
  {
    std::lock_guard lock(mutex_);
    std::vector<error_code> errors(partitions.size(), error_code::none);
    error_code top = status_locked(partition_for(group_id));
    group* g = top == error_code::none ? find_group(group_id) : nullptr;
    if (top == error_code::none && (!g || g->state == group_state::dead)) top = error_code::group_id_not_found;
    std::optional<std::unordered_set<std::string>> subscribed;
    if (top == error_code::none && g->state != group_state::empty) {
      subscribed = g->subscribed_topics();
      if (!subscribed) top = error_code::non_empty_group;  // not a consumer group we can read: refuse
    }
    if (top != error_code::none) {
      out.push_back([done, top, errors] { done(top, errors); });
    } else {
      std::vector<topic_partition_key> removed;
      for (size_t i = 0; i < partitions.size(); ++i) {
        const auto& [topic, p] = partitions[i];
        if (subscribed && subscribed->count(topic)) {
          errors[i] = error_code::group_subscribed_to_topic;
          continue;
        }
        topic_partition_key tp{topic, p};
        if (g->offsets.erase(tp)) removed.push_back(tp);
      }
      write_tombstones(*g, removed, false, [done, errors](error_code e) {
        done(e, errors);
      }, out);
    }
  }
  run(out);
}

void group_coordinator::expire_offsets() {
  completions out;
  size_t expired = 0;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return;
    int64_t now = timers_.now_ms();
    for (auto it = groups_.begin(); it != groups_.end();) {
      group& g = *it->second;
      if (status_locked(g.offsets_partition) != error_code::none) {
        ++it;
        continue;
      }
      std::optional<std::unordered_set<std::string>> subscribed;
      bool empty = g.state == group_state::empty;
      if (!empty && g.state == group_state::stable) subscribed = g.subscribed_topics();
      std::vector<topic_partition_key> removed;
      for (auto o = g.offsets.begin(); o != g.offsets.end();) {
        const committed_offset& c = o->second;
        bool expire = false;
        if (c.expire_timestamp_ms >= 0) {
          expire = (empty || subscribed) && now >= c.expire_timestamp_ms;
        } else if (empty) {
          // KIP-211: an empty group's offsets live offsets.retention.minutes from the moment it
          // became empty; a group that only ever committed counts from each commit.
          int64_t base = g.protocol_type.empty() ? c.commit_timestamp_ms : g.state_timestamp_ms;
          expire = now >= base + config_.offsets_retention_ms;
        } else if (subscribed && !subscribed->count(o->first.topic)) {
          expire = now >= c.commit_timestamp_ms + config_.offsets_retention_ms;
        }
        if (expire) {
          removed.push_back(o->first);
          o = g.offsets.erase(o);
        } else {
          ++o;
        }
      }
      expired += removed.size();
      bool drop_group = empty && g.offsets.empty() && g.members.empty() && g.pending_members.empty();
      if (!removed.empty() || drop_group) {
        write_tombstones(g, removed, drop_group, [](error_code) {}, out);
      }
      if (drop_group) {
        g.state = group_state::dead;
        it = groups_.erase(it);
      } else {
        ++it;
      }
    }
    schedule_expiry();
  }
  if (expired > 0) spdlog::info("expired {} committed offsets", expired);
  run(out);
}

void group_coordinator::remove_offsets_of_topics(const std::vector<std::string>& topics) {
  if (topics.empty()) return;
  std::unordered_set<std::string> deleted(topics.begin(), topics.end());
  completions out;
  size_t removed_count = 0;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return;
    for (auto it = groups_.begin(); it != groups_.end();) {
      group& g = *it->second;
      std::vector<topic_partition_key> removed;
      for (auto o = g.offsets.begin(); o != g.offsets.end();) {
        if (deleted.count(o->first.topic)) {
          removed.push_back(o->first);
          o = g.offsets.erase(o);
        } else {
          ++o;
        }
      }
      removed_count += removed.size();
      bool drop_group = !removed.empty() && g.state == group_state::empty && g.offsets.empty() &&
                        g.members.empty() && g.pending_members.empty();
      if (!removed.empty() && status_locked(g.offsets_partition) == error_code::none) {
        write_tombstones(g, removed, drop_group, [](error_code) {}, out);
      }
      if (drop_group) {
        g.state = group_state::dead;
        it = groups_.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (removed_count > 0) spdlog::info("removed {} committed offsets of deleted topics", removed_count);
  run(out);
}

void group_coordinator::schedule_expiry() {
  expiry_timer_ = timers_.schedule(timers_.now_ms() + config_.offsets_retention_check_interval_ms,
                                   [this] { expire_offsets(); });
}

}  // namespace gregor::coordinator
