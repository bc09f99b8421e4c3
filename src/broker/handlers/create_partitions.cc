// CreatePartitions: grow a topic to `count` partitions (never shrink).
#include "broker/broker.h"
#include "broker/callback_waiter.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<create_partitions_response> create_partitions(request_context& ctx, create_partitions_request& req) {
  broker& b = ctx.owner;
  create_partitions_response resp;
  for (auto& tr : req.topics) {
    auto& out = resp.results.emplace_back();
    out.name = tr.name;
    if (tr.assignments) {
      bool ok = static_cast<int32_t>(tr.assignments->size()) >= 0;
      for (auto& a : *tr.assignments)
        ok = ok && a.broker_ids.size() == 1 && a.broker_ids[0] == b.node_id();
      if (!ok) {
        out.error_code = to_int(error_code::invalid_replica_assignment);
        out.error_message = "replica assignments may only name broker " + std::to_string(b.node_id());
        continue;
      }
    }
    auto waiter = callback_waiter<topic_error>::create(co_await asio::this_coro::executor);
    b.run_admin([&b, &tr, validate_only = req.validate_only, done = waiter->callback()] {
      done(b.create_partitions(tr.name, tr.count, validate_only));
    });
    topic_error e = co_await waiter->wait();
    if (e) {
      out.error_code = to_int(e.code);
      out.error_message = e.message;
    }
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
