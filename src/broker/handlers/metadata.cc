// Metadata: this broker, and topics with every partition led by it (replicas = ISR = [self]).
// Unknown topics are auto-created when both the request (v4+) and auto.create.topics.enable allow.
#include "broker/authorized_operations.h"
#include "broker/broker.h"
#include "broker/callback_waiter.h"
#include "broker/handlers/handlers.h"
#include "broker/topic_name.h"

namespace gregor::broker::handlers {
namespace {

metadata_response::topic describe_topic(broker& b, const topic& t, bool with_operations) {
  metadata_response::topic out;
  out.name = t.name;
  out.topic_id = t.id;
  out.is_internal = t.internal;
  for (const auto& p : t.partitions) {
    metadata_response::topic::partition mp;
    mp.partition_index = p->index();
    mp.leader_id = b.node_id();
    mp.leader_epoch = p->leader_epoch();
    mp.replica_nodes = {b.node_id()};
    mp.isr_nodes = {b.node_id()};
    out.partitions.push_back(std::move(mp));
  }
  if (with_operations) out.topic_authorized_operations = topic_operations_bitfield;
  return out;
}

metadata_response::topic topic_error(std::optional<std::string> name, uuid id, error_code code) {
  metadata_response::topic out;
  out.name = std::move(name);
  out.topic_id = id;
  out.error_code = to_int(code);
  return out;
}

}  // namespace

asio::awaitable<metadata_response> metadata(request_context& ctx, metadata_request& req) {
  broker& b = ctx.owner;
  metadata_response resp;
  resp.brokers.push_back({b.node_id(), b.advertised_host(), b.advertised_port(), std::nullopt});
  resp.cluster_id = b.cluster_id();
  resp.controller_id = b.node_id();
  const bool with_operations = req.include_topic_authorized_operations;
  if (req.include_cluster_authorized_operations) resp.cluster_authorized_operations = cluster_operations_bitfield;

  // v0: an empty list means all topics; v1+: null means all, empty means none.
  const bool all_topics = !req.topics.has_value() || (ctx.version() == 0 && req.topics->empty());
  if (all_topics) {
    for (const auto& t : b.topics().all()) resp.topics.push_back(describe_topic(b, *t, with_operations));
    co_return resp;
  }

  const bool may_create = (ctx.version() < 4 || req.allow_auto_topic_creation) && b.config().auto_create_topics_enable;
  for (const auto& requested : *req.topics) {
    std::shared_ptr<topic> t;
    if (!requested.name.has_value()) {
      t = b.topics().find(requested.topic_id);
      if (!t) {
        resp.topics.push_back(topic_error(std::nullopt, requested.topic_id, error_code::unknown_topic_id));
        continue;
      }
    } else {
      const std::string& name = *requested.name;
      t = b.topics().find(name);
      if (!t) {
        if (invalid_topic_name(name)) {
          resp.topics.push_back(topic_error(name, {}, error_code::invalid_topic_exception));
          continue;
        }
        if (!may_create) {
          resp.topics.push_back(topic_error(name, {}, error_code::unknown_topic_or_partition));
          continue;
        }
        auto waiter = callback_waiter<gregor::broker::topic_error>::create(co_await asio::this_coro::executor);
        b.run_admin([&b, &name, done = waiter->callback()] {
          done(b.create_topic(name, b.config().num_partitions,
                              static_cast<int16_t>(b.config().default_replication_factor), {}, false));
        });
        auto created = co_await waiter->wait();
        t = b.topics().find(name);
        if (created && !t) {
          resp.topics.push_back(topic_error(name, {}, created.code));
          continue;
        }
      }
    }
    resp.topics.push_back(describe_topic(b, *t, with_operations));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
