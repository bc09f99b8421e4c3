#include "client/consumer/offset_lookup.h"

#include <set>

#include "client/net/error_kinds.h"
#include "protocol/messages/list_offsets.h"

namespace gregor::client {

namespace {

using protocol::error_code;

// A moved leader, or a lost connection to it: ask the metadata again and retry.
bool retry_with_new_metadata(error_code e) {
  return is_stale_metadata_error(e) || e == error_code::request_timed_out || e == error_code::network_exception;
}

}  // namespace

struct offset_lookup::job {
  std::map<gregor::topic_partition, int64_t> remaining;
  listed_offsets found;
  bool read_committed = false;
  std::chrono::steady_clock::time_point deadline;
  std::function<void(client_result<listed_offsets>)> done;
  int pending = 0;
  bool finished = false;
  client_error last_error = timeout_error("offset lookup timed out");

  void finish(client_result<listed_offsets> r) {
    if (finished) return;
    finished = true;
    done(std::move(r));
  }
};

void offset_lookup::list(std::map<gregor::topic_partition, int64_t> timestamps, bool read_committed,
                         std::chrono::steady_clock::time_point deadline,
                         std::function<void(client_result<listed_offsets>)> done) {
  auto j = std::make_shared<job>();
  j->remaining = std::move(timestamps);
  j->read_committed = read_committed;
  j->deadline = deadline;
  j->done = std::move(done);
  run(j);
}

void offset_lookup::run(const std::shared_ptr<job>& j) {
  if (closed_) return j->finish(tl::make_unexpected(network_error("consumer closed")));
  if (j->remaining.empty()) return j->finish(std::move(j->found));
  auto md = cluster_.metadata();
  std::map<int32_t, protocol::list_offsets_request> by_node;
  for (const auto& [tp, ts] : j->remaining) {
    const topic_metadata* tm = md->topic(tp.topic);
    const partition_metadata* pm = tm ? tm->partition(tp.partition) : nullptr;
    if (!pm || pm->leader < 0) {
      // Retried with the others, after a metadata refresh.
      if (tm && tm->error_code != 0) j->last_error = error_from(tm->error_code, "topic " + tp.topic);
      continue;
    }
    auto& request = by_node[pm->leader];
    request.replica_id = -1;
    request.isolation_level = j->read_committed ? 1 : 0;
    if (request.topics.empty() || request.topics.back().name != tp.topic) request.topics.emplace_back().name = tp.topic;
    auto& p = request.topics.back().partitions.emplace_back();
    p.partition_index = tp.partition;
    p.timestamp = ts;
  }
  if (by_node.empty()) return retry_later(j);
  for (auto& [node, request] : by_node) {
    ++j->pending;
    cluster_.send_to<protocol::list_offsets_response>(
        node, std::move(request), [this, j](client_result<protocol::list_offsets_response> r) {
          --j->pending;
          if (!r) {
            j->last_error = r.error();
          } else {
            for (const auto& t : r->topics) {
              for (const auto& p : t.partitions) {
                gregor::topic_partition tp{t.name, p.partition_index};
                auto code = static_cast<error_code>(p.error_code);
                if (code == error_code::none) {
                  j->found[tp] = listed_offset{p.offset, p.timestamp, p.leader_epoch};
                  j->remaining.erase(tp);
                } else if (retry_with_new_metadata(code)) {
                  j->last_error = error_from(p.error_code, "ListOffsets for " + tp.topic + "-" + std::to_string(tp.partition));
                } else {
                  return j->finish(tl::make_unexpected(
                      error_from(p.error_code, "ListOffsets for " + tp.topic + "-" + std::to_string(tp.partition))));
                }
              }
            }
          }
          if (j->pending > 0 || j->finished) return;
          if (j->remaining.empty()) return j->finish(std::move(j->found));
          retry_later(j);
        });
  }
}

void offset_lookup::retry_later(const std::shared_ptr<job>& j) {
  auto now = std::chrono::steady_clock::now();
  if (closed_) return j->finish(tl::make_unexpected(network_error("consumer closed")));
  if (now + std::chrono::milliseconds(retry_backoff_ms_) >= j->deadline) {
    return j->finish(tl::make_unexpected(j->last_error));
  }
  std::set<std::string> topics;
  for (const auto& [tp, ts] : j->remaining) topics.insert(tp.topic);
  auto timer = std::make_shared<asio::steady_timer>(cluster_.io(), std::chrono::milliseconds(retry_backoff_ms_));
  timer->async_wait([this, j, timer, topics = std::vector<std::string>(topics.begin(), topics.end())](
                        const asio::error_code&) {
    if (closed_) return j->finish(tl::make_unexpected(network_error("consumer closed")));
    cluster_.refresh_metadata(topics, [this, j](client_result<metadata_snapshot> r) {
      if (!r) j->last_error = r.error();
      run(j);
    }, /*allow_auto_create=*/false);
  });
}

}  // namespace gregor::client
