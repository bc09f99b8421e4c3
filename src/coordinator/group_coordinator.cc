// group_coordinator: partitions, loading, persistence, administration and shutdown.
// Membership lives in group_membership.cc, offsets in group_offsets.cc.
#include "coordinator/group_coordinator.h"

#include <spdlog/spdlog.h>

#include "coordinator/append_once.h"

namespace gregor::coordinator {

using protocol::error_code;

group_coordinator::group_coordinator(coordinator_config config, scheduler& timers, offsets_store& store)
    : config_(config), timers_(timers), store_(store) {
  std::lock_guard lock(mutex_);
  schedule_expiry();
}

group_coordinator::~group_coordinator() { shutdown(); }

int32_t group_coordinator::partition_for(std::string_view group_id) const {
  return partition_for_group(group_id, config_.offsets_partitions);
}

group* group_coordinator::find_group(const std::string& id) {
  auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : it->second.get();
}

const group* group_coordinator::find_group(const std::string& id) const {
  auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : it->second.get();
}

group& group_coordinator::get_or_create(const std::string& id) {
  auto& slot = groups_[id];
  if (!slot) {
    slot = std::make_unique<group>();
    slot->group_id = id;
    slot->offsets_partition = partition_for(id);
    slot->state_timestamp_ms = timers_.now_ms();
  }
  return *slot;
}

void group_coordinator::set_state(group& g, group_state s) {
  g.state = s;
  g.state_timestamp_ms = timers_.now_ms();
}

void group_coordinator::run(completions& out) {
  for (auto& f : out) f();
  out.clear();
}

// --- partitions and loading ----------------------------------------------------------------------

error_code group_coordinator::status_locked(int32_t partition) const {
  if (shut_down_) return error_code::not_coordinator;
  auto it = partitions_.find(partition);
  if (it == partitions_.end()) return error_code::coordinator_not_available;
  return it->second == partition_status::loaded ? error_code::none : error_code::coordinator_load_in_progress;
}

error_code group_coordinator::status_for(std::string_view group_id) const {
  std::lock_guard lock(mutex_);
  return status_locked(partition_for(group_id));
}

void group_coordinator::begin_loading(int32_t partition) {
  std::lock_guard lock(mutex_);
  partitions_[partition] = partition_status::loading;
}

void group_coordinator::load_record(int32_t partition, const shared_bytes& key,
                                    const std::optional<shared_bytes>& value, int64_t timestamp_ms) {
  auto decoded = decode_record(key, value);
  if (!decoded) {
    spdlog::warn("__consumer_offsets-{}: skipping a record: {}", partition, decoded.error());
    return;
  }
  std::lock_guard lock(mutex_);
  if (auto* o = std::get_if<offset_record>(&*decoded)) {
    topic_partition_key tp{o->key.topic, o->key.partition};
    if (!o->value) {
      if (auto* g = find_group(o->key.group)) g->offsets.erase(tp);
      return;
    }
    group& g = get_or_create(o->key.group);
    committed_offset c;
    c.offset = o->value->offset;
    c.leader_epoch = o->value->leader_epoch;
    c.metadata = o->value->metadata;
    c.commit_timestamp_ms = o->value->commit_timestamp > 0 ? o->value->commit_timestamp : timestamp_ms;
    c.expire_timestamp_ms = o->value->expire_timestamp;
    g.offsets[tp] = std::move(c);
    return;
  }
  auto& r = std::get<group_record>(*decoded);
  if (!r.value) {
    // The group was deleted; offsets written after this record (if any) bring it back as Empty.
    groups_.erase(r.key.group);
    return;
  }
  group& g = get_or_create(r.key.group);
  g.protocol_type = r.value->protocol_type;
  g.generation_id = r.value->generation;
  g.protocol_name = r.value->protocol;
  g.leader_id = r.value->leader;
  g.state_timestamp_ms = r.value->current_state_timestamp >= 0 ? r.value->current_state_timestamp : timestamp_ms;
  g.members.clear();
  g.static_members.clear();
  for (auto& rm : r.value->members) {
    member m;
    m.member_id = rm.member_id;
    m.group_instance_id = rm.group_instance_id;
    m.client_id = rm.client_id;
    m.client_host = rm.client_host;
    m.rebalance_timeout_ms = rm.rebalance_timeout;
    m.session_timeout_ms = rm.session_timeout;
    if (g.protocol_name) m.protocols.push_back({*g.protocol_name, rm.subscription});
    m.assignment = rm.assignment;
    if (m.group_instance_id) g.static_members[*m.group_instance_id] = m.member_id;
    g.members.emplace(m.member_id, std::move(m));
  }
}

void group_coordinator::finish_loading(int32_t partition) {
  std::lock_guard lock(mutex_);
  partitions_[partition] = partition_status::loaded;
  // Loaded members get a full session to come back and heartbeat; then they expire as usual.
  for (auto& [id, g] : groups_) {
    if (g->offsets_partition != partition) continue;
    if (g->members.empty()) {
      g->state = group_state::empty;
      g->leader_id.reset();
      continue;
    }
    g->state = group_state::stable;
    for (auto& [mid, m] : g->members) {
      touch_session(*g, m);
      arm_session_timer(*g, m);
    }
  }
}

size_t group_coordinator::group_count() const {
  std::lock_guard lock(mutex_);
  return groups_.size();
}

// --- persistence ---------------------------------------------------------------------------------

group_metadata_value group_coordinator::metadata_record(const group& g) const {
  group_metadata_value v;
  v.protocol_type = g.protocol_type;
  v.generation = g.generation_id;
  v.protocol = g.protocol_name;
  v.leader = g.leader_id;
  v.current_state_timestamp = g.state_timestamp_ms;
  for (const auto& [id, m] : g.members) {
    group_metadata_value::member rm;
    rm.member_id = m.member_id;
    rm.group_instance_id = m.group_instance_id;
    rm.client_id = m.client_id;
    rm.client_host = m.client_host;
    rm.rebalance_timeout = m.rebalance_timeout_ms;
    rm.session_timeout = m.session_timeout_ms;
    if (g.protocol_name) {
      if (const auto* md = m.metadata_for(*g.protocol_name)) rm.subscription = *md;
    }
    rm.assignment = m.assignment;
    v.members.push_back(std::move(rm));
  }
  return v;
}

void group_coordinator::store_group(group& g, std::function<void(error_code)> done, completions& out) {
  std::vector<offsets_store::record> records;
  records.emplace_back(encode_key(group_metadata_key{g.group_id}), encode_value(metadata_record(g)));
  append_once(store_, g.offsets_partition, std::move(records), std::move(done), out);
}

void group_coordinator::write_tombstones(group& g, const std::vector<topic_partition_key>& offsets, bool group_too,
                                         std::function<void(error_code)> done, completions& out) {
  std::vector<offsets_store::record> records;
  for (const auto& tp : offsets) {
    records.emplace_back(encode_key(offset_commit_key{g.group_id, tp.topic, tp.partition}), std::nullopt);
  }
  if (group_too) records.emplace_back(encode_key(group_metadata_key{g.group_id}), std::nullopt);
  if (records.empty()) {
    out.push_back([done = std::move(done)] { done(error_code::none); });
    return;
  }
  append_once(store_, g.offsets_partition, std::move(records), std::move(done), out);
}

// --- administration ------------------------------------------------------------------------------

group_description group_coordinator::describe_group(const std::string& group_id) const {
  std::lock_guard lock(mutex_);
  group_description d;
  d.group_id = group_id;
  d.error = status_locked(partition_for(group_id));
  if (d.error != error_code::none) return d;
  const group* g = find_group(group_id);
  if (!g || g->state == group_state::dead) {
    d.state = std::string(state_name(group_state::dead));
    return d;
  }
  d.exists = true;
  d.state = std::string(state_name(g->state));
  d.protocol_type = g->protocol_type;
  bool stable = g->state == group_state::stable;
  if (stable && g->protocol_name) d.protocol_name = *g->protocol_name;
  for (const auto& [id, m] : g->members) {
    described_member dm{m.member_id, m.group_instance_id, m.client_id, m.client_host, {}, {}};
    if (stable && g->protocol_name) {
      if (const auto* md = m.metadata_for(*g->protocol_name)) dm.metadata = *md;
      dm.assignment = m.assignment;
    }
    d.members.push_back(std::move(dm));
  }
  return d;
}

std::vector<group_listing> group_coordinator::list_groups(const std::vector<std::string>& states_filter) const {
  std::vector<group_state> wanted;
  for (const auto& s : states_filter) {
    if (auto parsed = parse_state(s)) wanted.push_back(*parsed);
  }
  bool filtered = !states_filter.empty();
  std::lock_guard lock(mutex_);
  std::vector<group_listing> out;
  for (const auto& [id, g] : groups_) {
    if (status_locked(g->offsets_partition) != error_code::none || g->state == group_state::dead) continue;
    if (filtered && std::find(wanted.begin(), wanted.end(), g->state) == wanted.end()) continue;
    out.push_back({id, g->protocol_type, std::string(state_name(g->state))});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.group_id < b.group_id; });
  return out;
}

void group_coordinator::delete_groups(std::vector<std::string> group_ids,
                                      std::function<void(std::vector<error_code>)> done) {
  completions out;
  auto results = std::make_shared<std::vector<error_code>>(group_ids.size(), error_code::none);
  auto remaining = std::make_shared<std::atomic<size_t>>(1);
  auto finish = [results, remaining, done] {
    if (remaining->fetch_sub(1) == 1) done(*results);
  };
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < group_ids.size(); ++i) {
      const auto& id = group_ids[i];
      error_code status = status_locked(partition_for(id));
      group* g = status == error_code::none ? find_group(id) : nullptr;
      if (status != error_code::none) {
        (*results)[i] = status;
      } else if (!g || g->state == group_state::dead) {
        (*results)[i] = error_code::group_id_not_found;
      } else if (g->state != group_state::empty) {
        (*results)[i] = error_code::non_empty_group;
      } else {
        std::vector<topic_partition_key> offsets;
        for (const auto& [tp, c] : g->offsets) offsets.push_back(tp);
        set_state(*g, group_state::dead);
        remaining->fetch_add(1);
        write_tombstones(*g, offsets, true, [results, i, finish](error_code e) {
          (*results)[i] = e;
          finish();
        }, out);
        groups_.erase(id);
      }
    }
  }
  run(out);
  finish();
}

void group_coordinator::shutdown() {
  completions out;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    if (expiry_timer_) timers_.cancel(expiry_timer_);
    for (auto& [id, g] : groups_) {
      if (g->join_timer) timers_.cancel(g->join_timer);
      for (auto& [pid, timer] : g->pending_members) timers_.cancel(timer);
      for (auto& [mid, m] : g->members) {
        if (m.session_timer) timers_.cancel(m.session_timer);
        if (m.awaiting_join) {
          join_result r;
          r.error = error_code::not_coordinator;
          r.member_id = m.member_id;
          out.push_back([cb = std::move(m.awaiting_join), r] { cb(r); });
        }
        if (m.awaiting_sync) {
          sync_result r;
          r.error = error_code::not_coordinator;
          out.push_back([cb = std::move(m.awaiting_sync), r] { cb(r); });
        }
      }
    }
  }
  run(out);
}

}  // namespace gregor::coordinator
