// group_offset_operations: OffsetFetch / OffsetCommit / OffsetDelete through the group coordinator.
#include "client/admin/group_offset_operations.h"

#include <set>

#include "client/admin/admin_call.h"
#include "client/admin/wire_mapping.h"
#include "protocol/messages/offset_commit.h"
#include "protocol/messages/offset_delete.h"
#include "protocol/messages/offset_fetch.h"

namespace gregor::client::admin {

namespace {

using protocol::error_code;

// One partition of an OffsetFetch answer, whichever layout (v0-7 or v8+ per group) carried it.
struct fetched_offset {
  topic_partition tp;
  int64_t offset = -1;
  int32_t leader_epoch = -1;
  std::optional<std::string> metadata;
  int16_t error_code = 0;
};

struct fetched_group {
  int16_t error_code = 0;
  std::vector<fetched_offset> partitions;
};

fetched_group read_fetch(const protocol::offset_fetch_response& r, const std::string& group) {
  fetched_group out;
  if (!r.groups.empty()) {
    for (const auto& g : r.groups) {
      if (g.group_id != group) continue;
      out.error_code = g.error_code;
      for (const auto& t : g.topics)
        for (const auto& p : t.partitions)
          out.partitions.push_back({{t.name, p.partition_index}, p.committed_offset, p.committed_leader_epoch,
                                    p.metadata, p.error_code});
    }
    return out;
  }
  out.error_code = r.error_code;
  for (const auto& t : r.topics)
    for (const auto& p : t.partitions)
      out.partitions.push_back({{t.name, p.partition_index}, p.committed_offset, p.committed_leader_epoch, p.metadata,
                                p.error_code});
  return out;
}

// The group-level error of an answer that has only per-partition codes: the first coordinator error.
template <class Topics>
int16_t first_coordinator_error(const Topics& topics) {
  for (const auto& t : topics)
    for (const auto& p : t.partitions)
      if (is_coordinator_error(static_cast<error_code>(p.error_code))) return p.error_code;
  return 0;
}

std::string describe(const std::string& group, const topic_partition& tp) {
  return "group '" + group + "', " + tp.topic + "-" + std::to_string(tp.partition);
}

// Settles each partition of a coordinator's per-partition answer (OffsetCommit, OffsetDelete).
template <class Topics>
void settle_partitions(const call_ptr<topic_partition, void>& call, const std::string& group, const Topics& topics) {
  for (const auto& t : topics) {
    for (const auto& p : t.partitions) {
      topic_partition tp{t.name, p.partition_index};
      if (p.error_code != 0) call->fail(tp, client_error{static_cast<error_code>(p.error_code), describe(group, tp)});
      else call->succeed(tp);
    }
  }
}

}  // namespace

admin_future<std::map<topic_partition, offset_and_metadata>> list_consumer_group_offsets(
    admin_context& ctx, std::string group_id, std::optional<std::vector<topic_partition>> partitions,
    const admin_options& options) {
  using result_type = std::map<topic_partition, offset_and_metadata>;
  using response = protocol::offset_fetch_response;
  return launch_single<result_type>(
      ctx, "ListConsumerGroupOffsets", ctx.deadline(options.timeout),
      [group = std::move(group_id), partitions = std::move(partitions)](const call_ptr<int, result_type>& call,
                                                                        std::function<void()> finished) {
        protocol::offset_fetch_request request;
        request.group_id = group;  // v0-7
        auto& g = request.groups.emplace_back();  // v8+
        g.group_id = group;
        if (partitions) {
          request.topics.emplace();
          g.topics.emplace();
          for (auto& [topic, parts] : by_topic(std::set<topic_partition>(partitions->begin(), partitions->end()))) {
            request.topics->push_back({topic, parts});
            g.topics->push_back({topic, parts});
          }
        }
        call->context().send_to_coordinator<response>(
            group, std::move(request),
            [group](const response& r) -> int16_t {
              fetched_group f = read_fetch(r, group);
              return f.error_code != 0 ? f.error_code : first_coordinator_error(r.topics);
            },
            [call, group, finished](client_result<response> r, const broker_node&) {
              if (!r) {
                call->retry_or_fail_all(r.error());
                return finished();
              }
              fetched_group f = read_fetch(*r, group);
              if (f.error_code != 0) {
                call->fail_all(item_error(f.error_code, std::nullopt, "group '" + group + "'"));
                return finished();
              }
              result_type out;
              for (const auto& p : f.partitions) {
                auto code = static_cast<error_code>(p.error_code);
                if (code == error_code::unstable_offset_commit) {  // a transaction is committing offsets: wait
                  call->retry(0, client_error{code, describe(group, p.tp)});
                  return finished();
                }
                if (code != error_code::none) {
                  call->fail(0, client_error{code, describe(group, p.tp)});
                  return finished();
                }
                if (p.offset < 0) continue;  // nothing committed for this partition
                out[p.tp] = offset_and_metadata{p.offset, p.metadata.value_or(""), p.leader_epoch};
              }
              call->succeed(0, std::move(out));
              finished();
            });
      });
}

admin_results<topic_partition, void> alter_consumer_group_offsets(admin_context& ctx, std::string group_id,
                                                                  std::map<topic_partition, offset_and_metadata> offsets,
                                                                  const admin_options& options) {
  using response = protocol::offset_commit_response;
  std::vector<topic_partition> keys;
  for (const auto& [tp, o] : offsets) keys.push_back(tp);
  return launch<topic_partition, void>(
      ctx, "AlterConsumerGroupOffsets", keys, ctx.deadline(options.timeout),
      [group = std::move(group_id), offsets = std::move(offsets)](const call_ptr<topic_partition, void>& call,
                                                                   std::function<void()> finished) {
        protocol::offset_commit_request request;
        request.group_id = group;
        request.generation_id_or_member_epoch = -1;  // from outside the group, as Kafka's admin client
        request.member_id = "";
        for (auto& [topic, parts] : by_topic(call->pending())) {
          auto& t = request.topics.emplace_back();
          t.name = topic;
          for (int32_t p : parts) {
            const offset_and_metadata& o = offsets.at({topic, p});
            auto& wire = t.partitions.emplace_back();
            wire.partition_index = p;
            wire.committed_offset = o.offset;
            wire.committed_leader_epoch = o.leader_epoch;
            wire.committed_metadata = o.metadata;
          }
        }
        call->context().send_to_coordinator<response>(
            group, std::move(request), [](const response& r) { return first_coordinator_error(r.topics); },
            [call, group, finished](client_result<response> r, const broker_node&) {
              if (!r) {
                call->retry_or_fail_all(r.error());
                return finished();
              }
              settle_partitions(call, group, r->topics);
              finished();
            });
      });
}

admin_results<topic_partition, void> delete_consumer_group_offsets(admin_context& ctx, std::string group_id,
                                                                   std::vector<topic_partition> partitions,
                                                                   const admin_options& options) {
  using response = protocol::offset_delete_response;
  return launch<topic_partition, void>(
      ctx, "DeleteConsumerGroupOffsets", partitions, ctx.deadline(options.timeout),
      [group = std::move(group_id)](const call_ptr<topic_partition, void>& call, std::function<void()> finished) {
        protocol::offset_delete_request request;
        request.group_id = group;
        for (auto& [topic, parts] : by_topic(call->pending())) {
          auto& t = request.topics.emplace_back();
          t.name = topic;
          for (int32_t p : parts) t.partitions.push_back({p});
        }
        call->context().send_to_coordinator<response>(
            group, std::move(request), [](const response& r) { return r.error_code; },
            [call, group, finished](client_result<response> r, const broker_node&) {
              if (!r) {
                call->retry_or_fail_all(r.error());
                return finished();
              }
              if (r->error_code != 0) {
                call->fail_all(item_error(r->error_code, std::nullopt, "group '" + group + "'"));
                return finished();
              }
              settle_partitions(call, group, r->topics);
              finished();
            });
      });
}

}  // namespace gregor::client::admin
