#include "client/consumer/committed_offsets.h"

#include "protocol/messages/offset_commit.h"
#include "protocol/messages/offset_fetch.h"

namespace gregor::client {

using protocol::error_code;

void send_offset_commit(coordinator_channel& channel, const commit_generation& generation,
                        const std::map<gregor::topic_partition, offset_and_metadata>& offsets,
                        std::function<void(client_result<void>)> done) {
  protocol::offset_commit_request request;
  request.group_id = channel.group_id();
  request.generation_id_or_member_epoch = generation.generation_id;
  request.member_id = generation.member_id;
  request.group_instance_id = generation.group_instance_id;
  for (const auto& [tp, om] : offsets) {
    if (request.topics.empty() || request.topics.back().name != tp.topic) request.topics.emplace_back().name = tp.topic;
    auto& p = request.topics.back().partitions.emplace_back();
    p.partition_index = tp.partition;
    p.committed_offset = om.offset;
    p.committed_leader_epoch = om.leader_epoch;
    p.committed_metadata = om.metadata;
  }
  channel.send<protocol::offset_commit_response>(
      std::move(request), [&channel, done = std::move(done)](client_result<protocol::offset_commit_response> r) {
        if (!r) return done(tl::make_unexpected(r.error()));
        for (const auto& t : r->topics) {
          for (const auto& p : t.partitions) {
            if (p.error_code == 0) continue;
            auto code = static_cast<error_code>(p.error_code);
            if (coordinator_channel::is_coordinator_error(code)) channel.mark_unknown("OffsetCommit answered " + std::string(protocol::error_name(code)));
            return done(tl::make_unexpected(error_from(p.error_code, "OffsetCommit of " + t.name + "-" +
                                                                         std::to_string(p.partition_index))));
          }
        }
        done({});
      });
}

void send_offset_fetch(coordinator_channel& channel, const std::vector<gregor::topic_partition>& partitions,
                       bool require_stable, std::function<void(client_result<committed_map>)> done) {
  protocol::offset_fetch_request request;
  request.group_id = channel.group_id();
  request.require_stable = require_stable;
  request.topics.emplace();
  for (const auto& tp : partitions) {
    if (request.topics->empty() || request.topics->back().name != tp.topic) request.topics->emplace_back().name = tp.topic;
    request.topics->back().partition_indexes.push_back(tp.partition);
  }
  channel.send<protocol::offset_fetch_response>(
      std::move(request), [&channel, done = std::move(done)](client_result<protocol::offset_fetch_response> r) {
        if (!r) return done(tl::make_unexpected(r.error()));
        if (r->error_code != 0) {
          auto code = static_cast<error_code>(r->error_code);
          if (coordinator_channel::is_coordinator_error(code)) channel.mark_unknown("OffsetFetch answered " + std::string(protocol::error_name(code)));
          return done(tl::make_unexpected(error_from(r->error_code, "OffsetFetch")));
        }
        committed_map out;
        for (const auto& t : r->topics) {
          for (const auto& p : t.partitions) {
            if (p.error_code != 0) {
              return done(tl::make_unexpected(
                  error_from(p.error_code, "OffsetFetch of " + t.name + "-" + std::to_string(p.partition_index))));
            }
            gregor::topic_partition tp{t.name, p.partition_index};
            if (p.committed_offset < 0) {
              out[tp] = std::nullopt;
            } else {
              out[tp] = offset_and_metadata{p.committed_offset, p.metadata.value_or(""), p.committed_leader_epoch};
            }
          }
        }
        done(std::move(out));
      });
}

}  // namespace gregor::client
