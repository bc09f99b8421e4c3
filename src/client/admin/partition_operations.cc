// partition_operations: DeleteRecords and ListOffsets, one request per partition leader.
#include "client/admin/partition_operations.h"

#include <set>

#include "client/admin/admin_call.h"
#include "client/admin/wire_mapping.h"
#include "protocol/messages/delete_records.h"
#include "protocol/messages/list_offsets.h"

namespace gregor::client::admin {

namespace {

using protocol::error_code;

std::string describe(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

template <class K, class V>
std::vector<K> keys_of(const std::map<K, V>& m) {
  std::vector<K> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

// Sends one request per leader: `send(leader, partitions, done)` must call done() once answered.
using leader_send = std::function<void(int32_t leader, std::vector<topic_partition> partitions, std::function<void()> done)>;

template <class T>
void leader_round(const call_ptr<topic_partition, T>& call, leader_send send, std::function<void()> finished) {
  std::set<std::string> topics;
  for (const auto& tp : call->pending()) topics.insert(tp.topic);
  call->context().topics_metadata(
      {topics.begin(), topics.end()}, true,
      [call, send = std::move(send), finished = std::move(finished)](client_result<metadata_snapshot> md) {
        if (!md) {
          call->retry_or_fail_all(md.error());
          return finished();
        }
        std::map<int32_t, std::vector<topic_partition>> by_leader;
        for (const auto& tp : std::set<topic_partition>(call->pending())) {
          const topic_metadata* t = (*md)->topic(tp.topic);
          auto code = t ? static_cast<error_code>(t->error_code) : error_code::leader_not_available;
          if (code == error_code::unknown_topic_or_partition || code == error_code::invalid_topic_exception) {
            call->fail(tp, client_error{code, "topic '" + tp.topic + "'"});
            continue;
          }
          if (code != error_code::none) {
            call->retry_or_fail(tp, client_error{code, "topic '" + tp.topic + "'"});
            continue;
          }
          const partition_metadata* p = t->partition(tp.partition);
          if (!p) {
            call->fail(tp, client_error{error_code::unknown_topic_or_partition,
                                        "topic '" + tp.topic + "' has " + std::to_string(t->partitions.size()) +
                                            " partitions, not partition " + std::to_string(tp.partition)});
            continue;
          }
          if (p->leader < 0) {
            call->retry(tp, client_error{error_code::leader_not_available, describe(tp) + " has no leader"});
            continue;
          }
          by_leader[p->leader].push_back(tp);
        }
        auto done = fan_in(by_leader.size(), finished);
        for (auto& [leader, partitions] : by_leader) send(leader, std::move(partitions), done);
      });
}

// Settles one partition of a leader's answer.
template <class T, class... V>
void settle_partition(const call_ptr<topic_partition, T>& call, const topic_partition& tp, int16_t code, V&&... value) {
  auto e = static_cast<error_code>(code);
  if (e == error_code::none) call->succeed(tp, std::forward<V>(value)...);
  else if (is_routing_error(e)) call->retry(tp, client_error{e, describe(tp)});
  else call->fail(tp, client_error{e, describe(tp)});
}

}  // namespace

admin_results<topic_partition, deleted_records> delete_records(admin_context& ctx,
                                                                std::map<topic_partition, int64_t> before_offsets,
                                                                const admin_options& options) {
  using response = protocol::delete_records_response;
  using call_type = call_ptr<topic_partition, deleted_records>;
  auto keys = keys_of(before_offsets);
  return launch<topic_partition, deleted_records>(
      ctx, "DeleteRecords", keys, ctx.deadline(options.timeout),
      [before_offsets = std::move(before_offsets)](const call_type& call, std::function<void()> finished) {
        leader_send send = [call, &before_offsets](int32_t leader, std::vector<topic_partition> partitions,
                                                   std::function<void()> done) {
          protocol::delete_records_request request;
          request.timeout_ms = call->remaining_ms();
          for (auto& [topic, parts] : by_topic(partitions)) {
            auto& t = request.topics.emplace_back();
            t.name = topic;
            for (int32_t p : parts) t.partitions.push_back({p, before_offsets.at({topic, p})});
          }
          call->context().send_to_node<response>(
              leader, std::move(request), [call, partitions, done](client_result<response> r) {
                if (!r) {
                  for (const auto& tp : partitions) call->retry_or_fail(tp, r.error());
                  return done();
                }
                for (const auto& t : r->topics)
                  for (const auto& p : t.partitions)
                    settle_partition(call, {t.name, p.partition_index}, p.error_code, deleted_records{p.low_watermark});
                done();
              });
        };
        leader_round(call, std::move(send), std::move(finished));
      });
}

admin_results<topic_partition, listed_offset> list_offsets(admin_context& ctx,
                                                           std::map<topic_partition, offset_spec> specs,
                                                           const list_offsets_options& options) {
  using response = protocol::list_offsets_response;
  using call_type = call_ptr<topic_partition, listed_offset>;
  auto keys = keys_of(specs);
  return launch<topic_partition, listed_offset>(
      ctx, "ListOffsets", keys, ctx.deadline(options.timeout),
      [specs = std::move(specs), read_committed = options.read_committed](const call_type& call,
                                                                           std::function<void()> finished) {
        leader_send send = [call, &specs, read_committed](int32_t leader, std::vector<topic_partition> partitions,
                                                          std::function<void()> done) {
          protocol::list_offsets_request request;
          request.replica_id = -1;  // a client, not a follower
          request.isolation_level = read_committed ? 1 : 0;
          for (auto& [topic, parts] : by_topic(partitions)) {
            auto& t = request.topics.emplace_back();
            t.name = topic;
            for (int32_t p : parts) t.partitions.push_back({p, -1, specs.at({topic, p}).wire_timestamp(), 1});
          }
          call->context().send_to_node<response>(
              leader, std::move(request), [call, partitions, done](client_result<response> r) {
                if (!r) {
                  for (const auto& tp : partitions) call->retry_or_fail(tp, r.error());
                  return done();
                }
                for (const auto& t : r->topics)
                  for (const auto& p : t.partitions)
                    settle_partition(call, {t.name, p.partition_index}, p.error_code,
                                     listed_offset{p.offset, p.timestamp, p.leader_epoch});
                done();
              });
        };
        leader_round(call, std::move(send), std::move(finished));
      });
}

}  // namespace gregor::client::admin
