// Produce: validate each partition's batches, append them, and for acks=all wait (group commit)
// until they are fsynced. acks=0 gets no response; a failure then closes the connection, which is
// the only way such a client learns of it.
#include <chrono>

#include "broker/broker.h"
#include "broker/handlers/handlers.h"
#include "broker/produce_validation.h"

namespace gregor::broker::handlers {
namespace {

int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct pending_flush {
  produce_response::topic_produce_response::partition_produce_response* response;
  std::shared_ptr<partition> target;
  int64_t durable_offset;  // fsynced up to here (exclusive) means acknowledged
};

}  // namespace

asio::awaitable<produce_response> produce(request_context& ctx, produce_request& req) {
  broker& b = ctx.owner;
  produce_response resp;
  const bool valid_acks = req.acks == -1 || req.acks == 0 || req.acks == 1;
  const int64_t now = wall_clock_ms();
  std::vector<pending_flush> flushes;
  bool any_error = false;

  resp.responses.reserve(req.topic_data.size());
  for (auto& topic_data : req.topic_data) {
    auto& topic_resp = resp.responses.emplace_back();
    topic_resp.name = topic_data.name;
    auto t = b.topics().find(topic_data.name);
    topic_resp.partition_responses.reserve(topic_data.partition_data.size());
    for (auto& pd : topic_data.partition_data) {
      auto& pr = topic_resp.partition_responses.emplace_back();
      pr.index = pd.index;
      auto fail = [&](error_code code, std::string message) {
        pr.error_code = to_int(code);
        pr.base_offset = -1;
        if (!message.empty()) pr.error_message = std::move(message);
        any_error = true;
      };
      if (!valid_acks) { fail(error_code::invalid_required_acks, ""); continue; }
      auto p = t ? t->find_partition(pd.index) : nullptr;
      if (!p) { fail(error_code::unknown_topic_or_partition, ""); continue; }
      if (t->internal) { fail(error_code::invalid_topic_exception, "Cannot append to internal topic " + t->name); continue; }

      // The record set is a slice of this request's frame, a buffer the connection allocated for
      // this request alone (net/connection.cc) that nothing reads after the handler: the batches
      // are validated, stamped and appended in place rather than copied first.
      std::span<uint8_t> batches(const_cast<uint8_t*>(pd.records.bytes.data()), pd.records.bytes.size());
      prepared_records prepared = prepare_records(batches, t->config, ctx.version(), now);
      if (prepared.error != error_code::none) { fail(prepared.error, prepared.message); continue; }

      append_outcome appended = p->append(prepared.batches, prepared.headers);
      if (appended.error != error_code::none) { fail(appended.error, appended.message); continue; }
      pr.base_offset = appended.base_offset;
      pr.log_append_time_ms = prepared.log_append_time;
      pr.log_start_offset = appended.log_start_offset;
      if (p->log().needs_flush(now)) b.flush_queue().request(p);
      if (req.acks == -1 && p->log().flushed_offset() <= appended.last_offset) {
        flushes.push_back({&pr, p, appended.last_offset + 1});
      }
    }
  }

  if (!flushes.empty()) {
    // Appended: the connection may start its next request while this one waits for the fsync,
    // so the next request's batches join the same fsync (group commit across pipelined requests).
    if (ctx.release_connection) ctx.release_connection();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, req.timeout_ms));
    std::vector<std::shared_ptr<net::async_signal>> signals;
    for (auto& f : flushes) {
      auto signal = std::make_shared<net::async_signal>(ctx.connection.executor);
      f.target->wait_for_flush(signal, f.durable_offset);
      b.flush_queue().request(f.target);
      signals.push_back(std::move(signal));
    }
    for (size_t i = 0; i < flushes.size(); ++i) {
      bool durable = co_await signals[i]->wait_until(deadline);
      if (!durable && flushes[i].target->log().flushed_offset() < flushes[i].durable_offset) {
        flushes[i].response->error_code = to_int(error_code::request_timed_out);
        flushes[i].response->error_message = "the batch was written but not fsynced within timeout_ms";
      }
    }
  }

  if (req.acks == 0) {
    ctx.suppress_response = true;
    ctx.close_connection = any_error;
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
