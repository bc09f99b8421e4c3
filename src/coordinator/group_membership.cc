// group_coordinator: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, rebalances and session timers.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "base/uuid.h"
#include "coordinator/group_coordinator.h"

namespace gregor::coordinator {

using protocol::error_code;

namespace {

// Kafka's member ids: "<client id>-<random uuid>".
std::string new_member_id(const std::string& client_id) {
  auto u = uuid::random();
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                u.bytes[0], u.bytes[1], u.bytes[2], u.bytes[3], u.bytes[4], u.bytes[5], u.bytes[6], u.bytes[7],
                u.bytes[8], u.bytes[9], u.bytes[10], u.bytes[11], u.bytes[12], u.bytes[13], u.bytes[14], u.bytes[15]);
  return client_id + "-" + text;
}

join_result join_error(error_code e, std::string member_id = {}) {
  join_result r;
  r.error = e;
  r.member_id = std::move(member_id);
  return r;
}

sync_result sync_error(error_code e) {
  sync_result r;
  r.error = e;
  return r;
}

}  // namespace

// --- JoinGroup -----------------------------------------------------------------------------------

void group_coordinator::join_group(join_request request, const client_info& client,
                                   std::function<void(join_result)> done) {
  completions out;
  {
    std::lock_guard lock(mutex_);
    auto reply = [&](join_result r) { out.push_back([done, r = std::move(r)] { done(r); }); };
    error_code status = status_locked(partition_for(request.group_id));
    if (request.group_id.empty()) {
      reply(join_error(error_code::invalid_group_id, request.member_id));
    } else if (status != error_code::none) {
      reply(join_error(status, request.member_id));
    } else if (request.protocol_type.empty() || request.protocols.empty()) {
      reply(join_error(error_code::inconsistent_group_protocol, request.member_id));
    } else if (request.session_timeout_ms < config_.min_session_timeout_ms ||
               request.session_timeout_ms > config_.max_session_timeout_ms) {
      reply(join_error(error_code::invalid_session_timeout, request.member_id));
    } else {
      group* g = find_group(request.group_id);
      bool unknown_member = !request.member_id.empty();
      if (!g && unknown_member && !request.group_instance_id) {
        reply(join_error(error_code::unknown_member_id, request.member_id));
      } else {
        if (!g) g = &get_or_create(request.group_id);
        if (g->state == group_state::dead) {
          // Being deleted: the client looks the coordinator up again and retries.
          reply(join_error(error_code::coordinator_not_available, request.member_id));
        } else if (!g->supports_protocols(request.protocol_type, request.protocols)) {
          reply(join_error(error_code::inconsistent_group_protocol, request.member_id));
        } else if (request.member_id.empty()) {
          bool rejoining_static = request.group_instance_id && g->static_members.count(*request.group_instance_id);
          if (!rejoining_static &&
              g->members.size() + g->pending_members.size() >= static_cast<size_t>(config_.max_group_size)) {
            reply(join_error(error_code::group_max_size_reached));
          } else if (rejoining_static) {
            rejoin_static_member(*g, request, client, done, out);
          } else if (request.group_instance_id || !request.require_known_member_id) {
            add_member_and_rebalance(*g, request, client, new_member_id(client.client_id), done, out);
          } else {
            // JoinGroup v4+: hand out the id first; the member joins with it (KIP-394).
            std::string id = new_member_id(client.client_id);
            schedule_pending_member_expiry(*g, id, request.session_timeout_ms);
            reply(join_error(error_code::member_id_required, id));
          }
        } else if (auto pending = g->pending_members.find(request.member_id); pending != g->pending_members.end()) {
          timers_.cancel(pending->second);
          g->pending_members.erase(pending);
          if (g->members.size() >= static_cast<size_t>(config_.max_group_size)) {
            reply(join_error(error_code::group_max_size_reached, request.member_id));
            maybe_complete_join(*g, out);
          } else {
            add_member_and_rebalance(*g, request, client, request.member_id, done, out);
          }
        } else if (g->is_fenced(request.group_instance_id, request.member_id)) {
          reply(join_error(error_code::fenced_instance_id, request.member_id));
        } else if (!g->has_member(request.member_id)) {
          reply(join_error(error_code::unknown_member_id, request.member_id));
        } else {
          member& m = g->members.at(request.member_id);
          bool same_protocols = m.protocols == request.protocols;
          switch (g->state) {
            case group_state::preparing_rebalance:
              update_member_and_rebalance(*g, m, request, done, out);
              break;
            case group_state::completing_rebalance:
              if (same_protocols) {
                // The member missed our JoinGroup response: send it again.
                touch_session(*g, m);
                reply(join_response_for(*g, m, g->is_leader(m.member_id)));
              } else {
                update_member_and_rebalance(*g, m, request, done, out);
              }
              break;
            case group_state::stable:
              if (g->is_leader(m.member_id) || !same_protocols) {
                update_member_and_rebalance(*g, m, request, done, out);
              } else {
                touch_session(*g, m);
                reply(join_response_for(*g, m, false));
              }
              break;
            case group_state::empty:
            case group_state::dead:
              reply(join_error(error_code::unknown_member_id, request.member_id));
              break;
          }
        }
      }
    }
  }
  run(out);
}

void group_coordinator::add_member_and_rebalance(group& g, join_request& request, const client_info& client,
                                                 std::string member_id, join_callback done, completions& out) {
  if (g.members.empty()) g.protocol_type = request.protocol_type;
  member m;
  m.member_id = member_id;
  m.group_instance_id = request.group_instance_id;
  m.client_id = client.client_id;
  m.client_host = client.client_host;
  m.session_timeout_ms = request.session_timeout_ms;
  m.rebalance_timeout_ms = request.rebalance_timeout_ms;
  m.protocols = std::move(request.protocols);
  m.awaiting_join = std::move(done);
  m.is_new = true;
  if (m.group_instance_id) g.static_members[*m.group_instance_id] = member_id;
  if (!g.leader_id) g.leader_id = member_id;
  auto& added = g.members.emplace(member_id, std::move(m)).first->second;
  touch_session(g, added);
  arm_session_timer(g, added);
  if (g.in_initial_delay) g.new_member_added = true;
  if (g.state == group_state::preparing_rebalance) {
    maybe_complete_join(g, out);
  } else {
    prepare_rebalance(g, "a member joined", out);
  }
}

void group_coordinator::update_member_and_rebalance(group& g, member& m, join_request& request, join_callback done,
                                                    completions& out) {
  if (m.awaiting_join) {
    // A second JoinGroup from the same member (a retry on a new connection) replaces the first.
    join_result r = join_error(error_code::rebalance_in_progress, m.member_id);
    out.push_back([cb = std::move(m.awaiting_join), r] { cb(r); });
  }
  m.protocols = std::move(request.protocols);
  m.session_timeout_ms = request.session_timeout_ms;
  m.rebalance_timeout_ms = request.rebalance_timeout_ms;
  m.awaiting_join = std::move(done);
  touch_session(g, m);
  if (g.state == group_state::preparing_rebalance) {
    maybe_complete_join(g, out);
  } else {
    prepare_rebalance(g, "a member rejoined", out);
  }
}

void group_coordinator::rejoin_static_member(group& g, join_request& request, const client_info& client,
                                             join_callback done, completions& out) {
  const std::string old_id = g.static_members.at(*request.group_instance_id);
  auto node = g.members.extract(old_id);
  member& m = node.mapped();
  // The old incarnation is fenced: whatever it was waiting for ends now.
  if (m.awaiting_join) {
    out.push_back([cb = std::move(m.awaiting_join), id = old_id] { cb(join_error(error_code::fenced_instance_id, id)); });
  }
  if (m.awaiting_sync) {
    out.push_back([cb = std::move(m.awaiting_sync)] { cb(sync_error(error_code::fenced_instance_id)); });
  }
  if (m.session_timer) timers_.cancel(m.session_timer);
  m.session_timer = 0;
  std::string new_id = new_member_id(client.client_id);
  m.member_id = new_id;
  m.client_id = client.client_id;
  m.client_host = client.client_host;
  node.key() = new_id;
  auto& rejoined = g.members.insert(std::move(node)).position->second;
  g.static_members[*request.group_instance_id] = new_id;
  bool was_leader = g.leader_id && *g.leader_id == old_id;
  if (was_leader) g.leader_id = new_id;
  touch_session(g, rejoined);
  arm_session_timer(g, rejoined);

  bool same_protocols = rejoined.protocols == request.protocols;
  bool leader_needs_assignment = was_leader && !request.supports_skip_assignment;
  if (g.state == group_state::stable && same_protocols && !leader_needs_assignment) {
    // KIP-345: a static member coming back within its session keeps its assignment, no rebalance.
    rejoined.session_timeout_ms = request.session_timeout_ms;
    rejoined.rebalance_timeout_ms = request.rebalance_timeout_ms;
    join_result r = join_response_for(g, rejoined, was_leader);
    r.skip_assignment = was_leader;
    out.push_back([done, r] { done(r); });
    store_group(g, [](error_code) {}, out);
    return;
  }
  update_member_and_rebalance(g, rejoined, request, std::move(done), out);
}

void group_coordinator::prepare_rebalance(group& g, std::string_view reason, completions& out) {
  if (g.state == group_state::completing_rebalance) {
    reset_and_propagate_assignment_error(g, error_code::rebalance_in_progress, out);
  }
  if (g.join_timer) timers_.cancel(g.join_timer);
  bool initial = g.state == group_state::empty;
  set_state(g, group_state::preparing_rebalance);
  spdlog::debug("group {}: preparing to rebalance generation {} ({})", g.group_id, g.generation_id + 1, reason);
  int64_t rebalance_timeout = g.max_rebalance_timeout_ms();
  int64_t delay = rebalance_timeout;
  g.in_initial_delay = initial && config_.initial_rebalance_delay_ms > 0;
  if (g.in_initial_delay) {
    // Let more members arrive before the first generation (group.initial.rebalance.delay.ms).
    delay = std::min<int64_t>(config_.initial_rebalance_delay_ms, rebalance_timeout);
    g.initial_delay_remaining_ms = std::max<int64_t>(rebalance_timeout - delay, 0);
    g.new_member_added = false;
  }
  uint64_t phase = ++g.join_phase;
  g.join_timer = timers_.schedule(timers_.now_ms() + delay,
                                  [this, id = g.group_id, phase] { on_join_timer(id, phase); });
  maybe_complete_join(g, out);
}

void group_coordinator::maybe_complete_join(group& g, completions& out) {
  if (g.state == group_state::preparing_rebalance && !g.in_initial_delay && g.all_members_joined()) {
    complete_join(g, out);
  }
}

void group_coordinator::on_join_timer(const std::string& group_id, uint64_t phase) {
  completions out;
  {
    std::lock_guard lock(mutex_);
    group* g = shut_down_ ? nullptr : find_group(group_id);
    if (!g || g->join_phase != phase || g->state != group_state::preparing_rebalance) return;
    g->join_timer = 0;
    if (g->in_initial_delay && g->new_member_added && g->initial_delay_remaining_ms > 0) {
      // Members are still arriving: wait another delay, bounded by the rebalance timeout.
      int64_t delay = std::min<int64_t>(config_.initial_rebalance_delay_ms, g->initial_delay_remaining_ms);
      g->initial_delay_remaining_ms -= delay;
      g->new_member_added = false;
      uint64_t next = ++g->join_phase;
      g->join_timer = timers_.schedule(timers_.now_ms() + delay,
                                       [this, group_id, next] { on_join_timer(group_id, next); });
    } else if (g->in_initial_delay) {
      g->in_initial_delay = false;
      if (g->all_members_joined()) {
        complete_join(*g, out);
      } else {
        uint64_t next = ++g->join_phase;
        g->join_timer = timers_.schedule(timers_.now_ms() + g->initial_delay_remaining_ms,
                                         [this, group_id, next] { on_join_timer(group_id, next); });
      }
    } else {
      complete_join(*g, out);  // rebalance timeout: members that did not rejoin are dropped
    }
  }
  run(out);
}

void group_coordinator::complete_join(group& g, completions& out) {
  if (g.join_timer) timers_.cancel(g.join_timer);
  g.join_timer = 0;
  g.in_initial_delay = false;
  for (auto it = g.members.begin(); it != g.members.end();) {
    member& m = it->second;
    if (m.awaiting_join) {
      ++it;
      continue;
    }
    spdlog::info("group {}: member {} did not rejoin within the rebalance timeout; removing it", g.group_id,
                 m.member_id);
    if (m.session_timer) timers_.cancel(m.session_timer);
    if (m.group_instance_id) g.static_members.erase(*m.group_instance_id);
    if (m.awaiting_sync) {
      out.push_back([cb = std::move(m.awaiting_sync)] { cb(sync_error(error_code::unknown_member_id)); });
    }
    it = g.members.erase(it);
  }
  if (g.leader_id && !g.has_member(*g.leader_id)) g.leader_id.reset();
  ++g.generation_id;
  if (g.members.empty()) {
    g.protocol_name.reset();
    set_state(g, group_state::empty);
    spdlog::info("group {}: generation {} is empty", g.group_id, g.generation_id);
    store_group(g, [](error_code) {}, out);
    return;
  }
  if (!g.leader_id) g.leader_id = g.members.begin()->first;
  g.protocol_name = g.select_protocol();
  set_state(g, group_state::completing_rebalance);
  spdlog::info("group {}: generation {} with {} members, protocol {}, leader {}", g.group_id, g.generation_id,
               g.members.size(), g.protocol_name.value_or("?"), *g.leader_id);
  for (auto& [id, m] : g.members) {
    join_result r = join_response_for(g, m, g.is_leader(id));
    out.push_back([cb = std::move(m.awaiting_join), r = std::move(r)] { cb(r); });
    m.awaiting_join = nullptr;
    m.is_new = false;
    touch_session(g, m);
  }
}

join_result group_coordinator::join_response_for(const group& g, const member& m, bool for_leader) const {
  join_result r;
  r.generation_id = g.generation_id;
  r.protocol_type = g.protocol_type;
  r.protocol_name = g.protocol_name;
  r.leader = g.leader_id.value_or("");
  r.member_id = m.member_id;
  if (for_leader && g.protocol_name) {
    for (const auto& [id, other] : g.members) {
      const shared_bytes* md = other.metadata_for(*g.protocol_name);
      r.members.push_back({id, other.group_instance_id, md ? *md : shared_bytes{}});
    }
  }
  return r;
}

// --- SyncGroup -----------------------------------------------------------------------------------

void group_coordinator::sync_group(sync_request request, std::function<void(sync_result)> done) {
  completions out;
  {
    std::lock_guard lock(mutex_);
    auto reply = [&](sync_result r) { out.push_back([done, r = std::move(r)] { done(r); }); };
    error_code status = status_locked(partition_for(request.group_id));
    group* g = status == error_code::none ? find_group(request.group_id) : nullptr;
    if (status != error_code::none) {
      reply(sync_error(status));
    } else if (!g) {
      reply(sync_error(error_code::unknown_member_id));
    } else if (g->is_fenced(request.group_instance_id, request.member_id)) {
      reply(sync_error(error_code::fenced_instance_id));
    } else if (!g->has_member(request.member_id)) {
      reply(sync_error(error_code::unknown_member_id));
    } else if (request.generation_id != g->generation_id) {
      reply(sync_error(error_code::illegal_generation));
    } else if ((request.protocol_type && *request.protocol_type != g->protocol_type) ||
               (request.protocol_name && *request.protocol_name != g->protocol_name.value_or(""))) {
      reply(sync_error(error_code::inconsistent_group_protocol));
    } else {
      member& m = g->members.at(request.member_id);
      switch (g->state) {
        case group_state::empty:
          reply(sync_error(error_code::unknown_member_id));
          break;
        case group_state::dead:
          reply(sync_error(error_code::coordinator_not_available));
          break;
        case group_state::preparing_rebalance:
          reply(sync_error(error_code::rebalance_in_progress));
          break;
        case group_state::completing_rebalance: {
          if (m.awaiting_sync) {
            out.push_back([cb = std::move(m.awaiting_sync)] { cb(sync_error(error_code::rebalance_in_progress)); });
          }
          m.awaiting_sync = done;
          touch_session(*g, m);
          if (!g->is_leader(m.member_id)) break;
          // The leader's assignment: members it left out get an empty one. Persist, then hand out.
          for (auto& [id, each] : g->members) each.assignment = {};
          for (auto& [id, bytes] : request.assignments) {
            auto it = g->members.find(id);
            if (it != g->members.end()) it->second.assignment = bytes;
          }
          int32_t generation = g->generation_id;
          store_group(*g, [this, group_id = g->group_id, generation](error_code e) {
            completions later;
            {
              std::lock_guard inner(mutex_);
              group* current = shut_down_ ? nullptr : find_group(group_id);
              if (!current || current->generation_id != generation ||
                  current->state != group_state::completing_rebalance) {
                return;
              }
              if (e != error_code::none) {
                spdlog::warn("group {}: storing generation {} failed: {}", group_id, generation, protocol::error_name(e));
                reset_and_propagate_assignment_error(*current, error_code::coordinator_not_available, later);
                prepare_rebalance(*current, "storing the assignment failed", later);
              } else {
                propagate_assignment(*current, later);
                set_state(*current, group_state::stable);
              }
            }
            run(later);
          }, out);
          break;
        }
        case group_state::stable: {
          sync_result r;
          r.protocol_type = g->protocol_type;
          r.protocol_name = g->protocol_name;
          r.assignment = m.assignment;
          touch_session(*g, m);
          reply(std::move(r));
          break;
        }
      }
    }
  }
  run(out);
}

void group_coordinator::reset_and_propagate_assignment_error(group& g, error_code error, completions& out) {
  for (auto& [id, m] : g.members) {
    m.assignment = {};
    if (m.awaiting_sync) {
      out.push_back([cb = std::move(m.awaiting_sync), error] { cb(sync_error(error)); });
      m.awaiting_sync = nullptr;
    }
  }
}

void group_coordinator::propagate_assignment(group& g, completions& out) {
  for (auto& [id, m] : g.members) {
    if (!m.awaiting_sync) continue;
    sync_result r;
    r.protocol_type = g.protocol_type;
    r.protocol_name = g.protocol_name;
    r.assignment = m.assignment;
    out.push_back([cb = std::move(m.awaiting_sync), r = std::move(r)] { cb(r); });
    m.awaiting_sync = nullptr;
    touch_session(g, m);
  }
}

// --- Heartbeat and LeaveGroup --------------------------------------------------------------------

error_code group_coordinator::heartbeat(const std::string& group_id, int32_t generation_id,
                                        const std::string& member_id,
                                        const std::optional<std::string>& group_instance_id) {
  std::lock_guard lock(mutex_);
  error_code status = status_locked(partition_for(group_id));
  if (status != error_code::none) return status;
  group* g = find_group(group_id);
  if (!g) return error_code::unknown_member_id;
  if (g->is_fenced(group_instance_id, member_id)) return error_code::fenced_instance_id;
  if (g->state == group_state::dead) return error_code::coordinator_not_available;
  if (!g->has_member(member_id)) return error_code::unknown_member_id;
  if (generation_id != g->generation_id) return error_code::illegal_generation;
  member& m = g->members.at(member_id);
  switch (g->state) {
    case group_state::empty:
    case group_state::dead:
      return error_code::unknown_member_id;
    case group_state::preparing_rebalance:
      touch_session(*g, m);
      return error_code::rebalance_in_progress;
    case group_state::completing_rebalance:
    case group_state::stable:
      touch_session(*g, m);
      return error_code::none;
  }
  return error_code::none;
}

leave_result group_coordinator::leave_group(const std::string& group_id, const std::vector<leaving_member>& members) {
  completions out;
  leave_result result;
  {
    std::lock_guard lock(mutex_);
    result.error = status_locked(partition_for(group_id));
    if (result.error != error_code::none) return result;
    group* g = find_group(group_id);
    for (const auto& leaving : members) {
      if (!g || g->state == group_state::dead) {
        result.member_errors.push_back(error_code::unknown_member_id);
        continue;
      }
      std::string id = leaving.member_id;
      if (id.empty() && leaving.group_instance_id) {
        // v3+: a static member may leave by instance id alone.
        auto it = g->static_members.find(*leaving.group_instance_id);
        if (it != g->static_members.end()) id = it->second;
      }
      if (!leaving.member_id.empty() && g->is_fenced(leaving.group_instance_id, leaving.member_id)) {
        result.member_errors.push_back(error_code::fenced_instance_id);
      } else if (auto pending = g->pending_members.find(id); pending != g->pending_members.end()) {
        timers_.cancel(pending->second);
        g->pending_members.erase(pending);
        result.member_errors.push_back(error_code::none);
        maybe_complete_join(*g, out);
      } else if (id.empty() || !g->has_member(id)) {
        result.member_errors.push_back(error_code::unknown_member_id);
      } else {
        remove_member(*g, id, "the member left the group", out);
        result.member_errors.push_back(error_code::none);
      }
    }
  }
  run(out);
  return result;
}

void group_coordinator::remove_member(group& g, const std::string& member_id, std::string_view reason,
                                      completions& out) {
  auto it = g.members.find(member_id);
  if (it == g.members.end()) return;
  member& m = it->second;
  spdlog::info("group {}: removing member {}: {}", g.group_id, member_id, reason);
  if (m.awaiting_join) {
    out.push_back([cb = std::move(m.awaiting_join), member_id] { cb(join_error(error_code::unknown_member_id, member_id)); });
  }
  if (m.awaiting_sync) {
    out.push_back([cb = std::move(m.awaiting_sync)] { cb(sync_error(error_code::unknown_member_id)); });
  }
  if (m.session_timer) timers_.cancel(m.session_timer);
  if (m.group_instance_id) {
    auto s = g.static_members.find(*m.group_instance_id);
    if (s != g.static_members.end() && s->second == member_id) g.static_members.erase(s);
  }
  g.members.erase(it);
  if (g.is_leader(member_id)) {
    g.leader_id.reset();
    // Prefer a member that is already waiting in JoinGroup.
    for (const auto& [id, other] : g.members) {
      if (other.awaiting_join) {
        g.leader_id = id;
        break;
      }
    }
    if (!g.leader_id && !g.members.empty()) g.leader_id = g.members.begin()->first;
  }
  switch (g.state) {
    case group_state::stable:
    case group_state::completing_rebalance:
      prepare_rebalance(g, reason, out);
      break;
    case group_state::preparing_rebalance:
      maybe_complete_join(g, out);
      break;
    case group_state::empty:
    case group_state::dead:
      break;
  }
}

// --- session timers ------------------------------------------------------------------------------

void group_coordinator::touch_session(group&, member& m) {
  m.session_deadline_ms = timers_.now_ms() + m.session_timeout_ms;
}

void group_coordinator::arm_session_timer(group& g, member& m) {
  if (m.session_timer) return;
  m.session_timer = timers_.schedule(m.session_deadline_ms, [this, gid = g.group_id, mid = m.member_id] {
    on_session_timer(gid, mid);
  });
}

void group_coordinator::on_session_timer(const std::string& group_id, const std::string& member_id) {
  completions out;
  {
    std::lock_guard lock(mutex_);
    group* g = shut_down_ ? nullptr : find_group(group_id);
    if (!g) return;
    auto it = g->members.find(member_id);
    if (it == g->members.end()) return;
    member& m = it->second;
    m.session_timer = 0;
    int64_t now = timers_.now_ms();
    if (m.awaiting_join || m.awaiting_sync) {
      // Waiting on the group, not on the member: keep it alive (the rebalance timeout bounds this).
      touch_session(*g, m);
      arm_session_timer(*g, m);
    } else if (now >= m.session_deadline_ms) {
      remove_member(*g, member_id, "session timeout expired", out);
    } else {
      arm_session_timer(*g, m);  // heartbeats moved the deadline since this check was set
    }
  }
  run(out);
}

void group_coordinator::schedule_pending_member_expiry(group& g, const std::string& member_id,
                                                       int32_t session_timeout_ms) {
  g.pending_members[member_id] = timers_.schedule(timers_.now_ms() + session_timeout_ms, [this, gid = g.group_id, member_id] {
    completions out;
    {
      std::lock_guard lock(mutex_);
      group* current = shut_down_ ? nullptr : find_group(gid);
      if (!current || !current->pending_members.erase(member_id)) return;
      maybe_complete_join(*current, out);
    }
    run(out);
  });
}

}  // namespace gregor::coordinator
