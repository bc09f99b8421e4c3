// DeleteTopics: by name (v0-5) or by name or id (v6+).
#include "broker/broker.h"
#include "broker/callback_waiter.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<delete_topics_response> delete_topics(request_context& ctx, delete_topics_request& req) {
  broker& b = ctx.owner;
  delete_topics_response resp;
  std::vector<delete_topics_request::delete_topic_state> wanted = req.topics;
  for (auto& name : req.topic_names) wanted.push_back({name, {}});
  for (auto& w : wanted) {
    auto& out = resp.responses.emplace_back();
    out.name = w.name;
    out.topic_id = w.topic_id;
    std::shared_ptr<topic> t;
    if (w.name) t = b.topics().find(*w.name);
    else t = b.topics().find(w.topic_id);
    if (!t) {
      out.error_code = to_int(w.name ? error_code::unknown_topic_or_partition : error_code::unknown_topic_id);
      continue;
    }
    out.name = t->name;
    out.topic_id = t->id;
    auto waiter = callback_waiter<topic_error>::create(co_await asio::this_coro::executor);
    b.run_admin([&b, name = t->name, done = waiter->callback()] { done(b.delete_topic(name)); });
    topic_error e = co_await waiter->wait();
    if (e) {
      out.error_code = to_int(e.code);
      if (ctx.version() >= 5) out.error_message = e.message;
    }
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
