// CreateTopics: name, partition count (-1: num.partitions), replication factor (-1:
// default.replication.factor; above 1 is refused on a single broker) or a manual assignment,
// and configs. v5+ answers with the effective configs; v7+ with the topic id.
#include <set>

#include "broker/broker.h"
#include "broker/callback_waiter.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<create_topics_response> create_topics(request_context& ctx, create_topics_request& req) {
  broker& b = ctx.owner;
  create_topics_response resp;
  std::multiset<std::string> names;
  for (auto& t : req.topics) names.insert(t.name);
  for (auto& t : req.topics) {
    auto& out = resp.topics.emplace_back();
    out.name = t.name;
    auto fail = [&](error_code code, std::string message) {
      out.error_code = to_int(code);
      out.error_message = std::move(message);
    };
    if (names.count(t.name) > 1) {
      fail(error_code::invalid_request, "Create topics request from client contains duplicate topic '" + t.name + "'.");
      continue;
    }
    int32_t partitions = t.num_partitions;
    int16_t replication = t.replication_factor;
    if (!t.assignments.empty()) {
      if (partitions != -1 || replication != -1) {
        fail(error_code::invalid_request, "Both a replica assignment and a partition count or replication factor were given.");
        continue;
      }
      bool ok = true;
      for (size_t i = 0; i < t.assignments.size(); ++i) {
        const auto& a = t.assignments[i];
        ok = ok && a.partition_index == static_cast<int32_t>(i) && a.broker_ids.size() == 1 &&
             a.broker_ids[0] == b.node_id();
      }
      if (!ok) {
        fail(error_code::invalid_replica_assignment,
             "Replica assignments must cover partitions 0..n-1, each on broker " + std::to_string(b.node_id()) + ".");
        continue;
      }
      partitions = static_cast<int32_t>(t.assignments.size());
      replication = 1;
    }
    std::vector<std::pair<std::string, std::optional<std::string>>> configs;
    for (auto& c : t.configs) configs.emplace_back(c.name, c.value);
    auto waiter = callback_waiter<topic_error>::create(co_await asio::this_coro::executor);
    b.run_admin([&b, &t, partitions, replication, &configs, validate_only = req.validate_only,
                 done = waiter->callback()] { done(b.create_topic(t.name, partitions, replication, configs, validate_only)); });
    topic_error e = co_await waiter->wait();
    if (e) {
      fail(e.code, e.message);
      continue;
    }
    // v5+: report what was (or would be) created.
    out.num_partitions = partitions == -1 ? b.config().num_partitions : partitions;
    out.replication_factor = replication == -1 ? static_cast<int16_t>(b.config().default_replication_factor) : replication;
    auto created = b.topics().find(t.name);
    std::optional<config::topic_config> effective;
    if (created) {
      out.topic_id = created->id;
      effective = created->config;
    } else {
      config::property_list overrides;
      for (auto& [k, v] : configs) overrides.push_back({k, v.value_or("")});
      if (auto cfg = config::topic_config::create(b.topic_defaults(), overrides)) effective = std::move(*cfg);
    }
    if (effective) {
      out.configs.emplace();
      for (const auto& entry : effective->describe()) {
        out.configs->push_back({entry.name, entry.is_sensitive ? std::nullopt : entry.value, entry.read_only,
                                static_cast<int8_t>(entry.source), entry.is_sensitive});
      }
    }
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
