// Fetch: read whole batches from each partition, long-polling until min_bytes are available or
// max_wait_ms passes; woken by appends (no polling). The first batch of the first partition with
// data is returned whole even when larger than the limits (KIP-74). Large reads travel as file
// regions that the connection sends with sendfile (docs/broker.md, "Fetch"). v7+ supports
// incremental fetch sessions (KIP-227); v13+ names topics by id.
#include <chrono>

#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {
namespace {

using partition_data = fetch_response::fetchable_topic_response::partition_data;

// One partition this fetch reads, resolved against the topic table.
struct fetch_target {
  std::string topic;
  uuid topic_id;
  int32_t partition = 0;
  int64_t fetch_offset = 0;
  int32_t partition_max_bytes = 0;
  int32_t current_leader_epoch = -1;
  std::shared_ptr<gregor::broker::partition> target;  // null: unknown topic or partition
  error_code lookup_error = error_code::none;
  session_partition* session_state = nullptr;
};

// Reads every target once. Returns the bytes gathered.
size_t read_all(std::vector<fetch_target>& targets, std::vector<partition_data>& out, int32_t max_bytes,
                bool& any_error) {
  size_t total = 0;
  out.assign(targets.size(), {});
  for (size_t i = 0; i < targets.size(); ++i) {
    fetch_target& ft = targets[i];
    partition_data& pd = out[i];
    pd.partition_index = ft.partition;
    pd.records = {};
    if (!ft.target) {
      pd.error_code = to_int(ft.lookup_error);
      pd.high_watermark = -1;
      any_error = true;
      continue;
    }
    storage::log& log = ft.target->log();
    if (auto epoch_error = ft.target->check_leader_epoch(ft.current_leader_epoch); epoch_error != error_code::none) {
      pd.error_code = to_int(epoch_error);
      any_error = true;
      continue;
    }
    const int64_t high_watermark = log.high_watermark();
    pd.high_watermark = high_watermark;
    pd.last_stable_offset = high_watermark;
    pd.log_start_offset = log.log_start_offset();
    pd.aborted_transactions = std::vector<partition_data::aborted_transaction>{};
    size_t budget = total >= static_cast<size_t>(std::max(0, max_bytes)) ? 0 : static_cast<size_t>(max_bytes) - total;
    budget = std::min(budget, static_cast<size_t>(std::max(0, ft.partition_max_bytes)));
    auto read = log.read(ft.fetch_offset, budget, /*min_one_batch=*/total == 0, high_watermark,
                         /*as_file_region=*/true);
    if (!read) {
      pd.error_code = to_int(read.error() == storage::storage_error::offset_out_of_range
                                 ? error_code::offset_out_of_range
                                 : error_code::kafka_storage_error);
      any_error = true;
      continue;
    }
    pd.records.bytes = std::move(read->data);
    pd.records.file = std::move(read->region);
    total += pd.records.size();
  }
  return total;
}

}  // namespace

asio::awaitable<fetch_response> fetch(request_context& ctx, fetch_request& req) {
  broker& b = ctx.owner;
  const int16_t v = ctx.version();
  const bool by_id = v >= 13;
  fetch_response resp;

  // ---- session handling (KIP-227) ----
  std::shared_ptr<fetch_session> session;
  const bool incremental = v >= 7 && req.session_id != 0 && req.session_epoch > 0;
  if (v >= 7) {
    if (req.session_id != 0 && req.session_epoch <= 0) b.fetch_sessions().close(req.session_id);
    if (incremental) {
      error_code error;
      session = b.fetch_sessions().resume(req.session_id, req.session_epoch, error);
      if (!session) {
        resp.error_code = to_int(error);
        co_return resp;
      }
    } else if (req.session_epoch == 0) {
      session = b.fetch_sessions().create();
    }
    resp.session_id = session ? session->id : 0;
  }

  // ---- resolve the partitions to read ----
  std::vector<fetch_target> targets;
  auto resolve = [&](fetch_target& ft) {
    std::shared_ptr<topic> t = by_id ? b.topics().find(ft.topic_id) : b.topics().find(ft.topic);
    if (!t) {
      ft.lookup_error = by_id ? error_code::unknown_topic_id : error_code::unknown_topic_or_partition;
      return;
    }
    ft.topic = t->name;
    ft.topic_id = t->id;
    ft.target = t->find_partition(ft.partition);
    if (!ft.target) ft.lookup_error = error_code::unknown_topic_or_partition;
  };
  for (auto& ft_req : req.topics) {
    for (auto& fp : ft_req.partitions) {
      fetch_target ft;
      ft.topic = ft_req.topic;
      ft.topic_id = ft_req.topic_id;
      ft.partition = fp.partition;
      ft.fetch_offset = fp.fetch_offset;
      ft.partition_max_bytes = fp.partition_max_bytes;
      ft.current_leader_epoch = fp.current_leader_epoch;
      resolve(ft);
      if (session) {
        auto& state = session->partitions[{by_id ? ft.topic_id.to_base64() : ft.topic, ft.partition}];
        state.fetch_offset = ft.fetch_offset;
        state.partition_max_bytes = ft.partition_max_bytes;
      }
      if (!incremental) targets.push_back(std::move(ft));
    }
  }
  if (incremental) {
    for (auto& forgotten : req.forgotten_topics_data)
      for (int32_t p : forgotten.partitions)
        session->partitions.erase({by_id ? forgotten.topic_id.to_base64() : forgotten.topic, p});
    for (auto& [key, state] : session->partitions) {
      fetch_target ft;
      if (by_id) ft.topic_id = uuid::from_base64(key.topic).value_or(uuid{});
      else ft.topic = key.topic;
      ft.partition = key.partition;
      ft.fetch_offset = state.fetch_offset;
      ft.partition_max_bytes = state.partition_max_bytes;
      resolve(ft);
      ft.session_state = &state;
      targets.push_back(std::move(ft));
    }
  } else if (session) {
    for (auto& ft : targets) ft.session_state = &session->partitions[{by_id ? ft.topic_id.to_base64() : ft.topic, ft.partition}];
  }

  // ---- read, long-polling until min_bytes or max_wait_ms ----
  const int32_t max_bytes = v >= 3 ? req.max_bytes : INT32_MAX;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, req.max_wait_ms));
  std::vector<partition_data> results;
  for (;;) {
    bool any_error = false;
    size_t total = read_all(targets, results, max_bytes, any_error);
    if (any_error || total >= static_cast<size_t>(std::max(1, req.min_bytes)) || req.max_wait_ms <= 0 ||
        std::chrono::steady_clock::now() >= deadline || targets.empty()) {
      break;
    }
    auto signal = std::make_shared<net::async_signal>(ctx.connection.executor);
    for (size_t i = 0; i < targets.size(); ++i) {
      if (targets[i].target) targets[i].target->wait_for_data(signal, results[i].high_watermark);
    }
    bool woken = co_await signal->wait_until(deadline);
    if (!woken) {
      read_all(targets, results, max_bytes, any_error);
      break;
    }
  }

  // ---- build the response: sessions send only what changed ----
  for (size_t i = 0; i < targets.size(); ++i) {
    fetch_target& ft = targets[i];
    partition_data& pd = results[i];
    if (ft.session_state) {
      bool changed = pd.records.size() != 0 || pd.error_code != 0 ||
                     pd.high_watermark != ft.session_state->last_sent_high_watermark ||
                     pd.log_start_offset != ft.session_state->last_sent_log_start_offset;
      ft.session_state->last_sent_high_watermark = pd.high_watermark;
      ft.session_state->last_sent_log_start_offset = pd.log_start_offset;
      if (incremental && !changed) continue;
    }
    auto& topics = resp.responses;
    bool same_topic = !topics.empty() && (by_id ? topics.back().topic_id == ft.topic_id : topics.back().topic == ft.topic);
    if (!same_topic) {
      auto& tr = topics.emplace_back();
      tr.topic = ft.topic;
      tr.topic_id = ft.topic_id;
    }
    topics.back().partitions.push_back(std::move(pd));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
