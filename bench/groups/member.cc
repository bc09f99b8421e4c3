#include "member.h"

#include <thread>

#include "protocol/codec/writer.h"
#include "protocol/error_code.h"
#include "protocol/messages/all_messages.h"

namespace gregor::bench {

using namespace gregor::protocol;

namespace {

constexpr int16_t join_version = 9;
constexpr int16_t sync_version = 5;
constexpr int16_t heartbeat_version = 4;
constexpr int16_t leave_version = 5;
constexpr int16_t commit_version = 8;
constexpr const char* assignor = "range";

// ConsumerProtocolSubscription v0: version, topics [string], user_data (null).
shared_bytes subscription(const std::string& topic) {
  writer w;
  w.i16(0);
  w.i32(1);
  w.i16(static_cast<int16_t>(topic.size()));
  w.raw(topic);
  w.i32(-1);
  return shared_bytes::adopt(w.flatten());
}

// ConsumerProtocolAssignment v0: version, [topic, [partition]], user_data (null).
shared_bytes assignment(const std::string& topic, int32_t partition) {
  writer w;
  w.i16(0);
  w.i32(1);
  w.i16(static_cast<int16_t>(topic.size()));
  w.raw(topic);
  w.i32(1);
  w.i32(partition);
  w.i32(-1);
  return shared_bytes::adopt(w.flatten());
}

bool coordinator_busy(int16_t e) {
  return e == err::coordinator_load_in_progress || e == err::coordinator_not_available;
}

}  // namespace

std::string error_text(int16_t code) {
  if (code == err::no_response) return "no response";
  return std::string(error_name(static_cast<error_code>(code))) + " (" + std::to_string(code) + ")";
}

group_member::group_member(std::string group, member_config config)
    : group_(std::move(group)), config_(std::move(config)) {}

int16_t group_member::join_and_sync(kafka_client& c, join_timing* timing) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    join_group_request join;
    join.group_id = group_;
    join.session_timeout_ms = config_.session_timeout_ms;
    join.rebalance_timeout_ms = config_.rebalance_timeout_ms;
    join.member_id = member_id_;
    join.protocol_type = "consumer";
    join.protocols.push_back({assignor, subscription(config_.topic)});
    auto join_sent = steady::now();
    auto joined = c.call<join_group_response>(join, join_version);
    auto join_answered = steady::now();
    if (!joined) {
      ++failures_;
      return err::no_response;
    }
    int16_t e = joined->error_code;
    if (e == err::member_id_required) {
      member_id_ = joined->member_id;
      continue;
    }
    if (e == err::unknown_member_id) {
      member_id_.clear();
      continue;
    }
    if (coordinator_busy(e)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (e == err::rebalance_in_progress) continue;
    if (e != err::none) return e;

    member_id_ = joined->member_id;
    generation_ = joined->generation_id;
    leader_ = joined->leader == member_id_;

    sync_group_request sync;
    sync.group_id = group_;
    sync.generation_id = generation_;
    sync.member_id = member_id_;
    sync.protocol_type = "consumer";
    sync.protocol_name = joined->protocol_name;
    if (leader_) {
      int32_t partition = 0;
      for (const auto& m : joined->members) sync.assignments.push_back({m.member_id, assignment(config_.topic, partition++)});
    }
    auto synced = c.call<sync_group_response>(sync, sync_version);
    auto sync_answered = steady::now();
    if (!synced) {
      ++failures_;
      return err::no_response;
    }
    e = synced->error_code;
    if (e == err::rebalance_in_progress || e == err::illegal_generation) continue;
    if (e == err::unknown_member_id) {
      member_id_.clear();
      continue;
    }
    if (e != err::none) return e;
    if (timing) *timing = {join_sent, join_answered, sync_answered};
    return err::none;
  }
  return err::rebalance_in_progress;
}

int16_t group_member::heartbeat(kafka_client& c) {
  heartbeat_request req;
  req.group_id = group_;
  req.generation_id = generation_;
  req.member_id = member_id_;
  auto resp = c.call<heartbeat_response>(req, heartbeat_version);
  if (!resp) {
    ++failures_;
    return err::no_response;
  }
  return resp->error_code;
}

int16_t group_member::leave(kafka_client& c) {
  leave_group_request req;
  req.group_id = group_;
  req.members.push_back({member_id_, std::nullopt, std::nullopt});
  auto resp = c.call<leave_group_response>(req, leave_version);
  if (!resp) {
    ++failures_;
    return err::no_response;
  }
  int16_t e = resp->error_code;
  if (e == err::none && !resp->members.empty()) e = resp->members[0].error_code;
  if (e == err::none) reset();
  return e;
}

int16_t group_member::commit(kafka_client& c, const std::string& topic, const std::vector<int64_t>& offsets) {
  offset_commit_request req;
  req.group_id = group_;
  req.generation_id_or_member_epoch = generation_;
  req.member_id = member_id_;
  auto& t = req.topics.emplace_back();
  t.name = topic;
  for (size_t i = 0; i < offsets.size(); ++i) {
    auto& p = t.partitions.emplace_back();
    p.partition_index = static_cast<int32_t>(i);
    p.committed_offset = offsets[i];
    p.committed_metadata = "";
  }
  auto resp = c.call<offset_commit_response>(req, commit_version);
  if (!resp) {
    ++failures_;
    return err::no_response;
  }
  for (const auto& rt : resp->topics)
    for (const auto& rp : rt.partitions)
      if (rp.error_code != 0) return rp.error_code;
  return err::none;
}

}  // namespace gregor::bench
