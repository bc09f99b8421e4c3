// topic_operations: CreateTopics / DeleteTopics / CreatePartitions through the controller.
#include "client/admin/topic_operations.h"

#include <set>

#include "client/admin/admin_call.h"
#include "client/admin/wire_mapping.h"
#include "protocol/messages/create_partitions.h"
#include "protocol/messages/create_topics.h"
#include "protocol/messages/delete_topics.h"

namespace gregor::client::admin {

namespace {

using protocol::error_code;

// Settles one topic of a controller-bound answer: NOT_CONTROLLER retries after a metadata refresh.
template <class Call>
void settle_topic(Call& call, bool& refresh, const std::string& name, int16_t code,
                  const std::optional<std::string>& message) {
  client_error e = item_error(code, message, "topic '" + name + "'");
  if (e.code == error_code::not_controller) {
    refresh = true;
    call.retry(name, std::move(e));
  } else {
    call.fail(name, std::move(e));
  }
}

protocol::create_topics_request::creatable_topic to_wire(const new_topic& t) {
  protocol::create_topics_request::creatable_topic out;
  out.name = t.name;
  out.num_partitions = t.num_partitions;
  out.replication_factor = t.replication_factor;
  for (const auto& [partition, brokers] : t.replica_assignments) out.assignments.push_back({partition, brokers});
  for (const auto& [name, value] : t.configs) out.configs.push_back({name, value});
  return out;
}

}  // namespace

admin_results<std::string, created_topic> create_topics(admin_context& ctx, std::vector<new_topic> topics,
                                                        const create_topics_options& options) {
  std::vector<std::string> names;
  std::map<std::string, new_topic> specs;
  std::set<std::string> duplicates;  // Kafka refuses a request naming a topic twice; we refuse that topic
  for (auto& t : topics) {
    names.push_back(t.name);
    if (!specs.emplace(t.name, t).second) duplicates.insert(t.name);
  }
  auto refresh = std::make_shared<bool>(false);
  return launch<std::string, created_topic>(
      ctx, "CreateTopics", names, ctx.deadline(options.timeout),
      [specs = std::move(specs), duplicates = std::move(duplicates), validate_only = options.validate_only, refresh](
          const call_ptr<std::string, created_topic>& call, std::function<void()> finished) {
        for (const auto& d : duplicates)
          call->fail(d, client_error{error_code::invalid_request, "topic '" + d + "' is given more than once"});
        protocol::create_topics_request request;
        request.timeout_ms = call->remaining_ms();
        request.validate_only = validate_only;
        for (const auto& name : call->pending()) request.topics.push_back(to_wire(specs.at(name)));
        if (request.topics.empty()) return finished();
        call->context().send_to_controller<protocol::create_topics_response>(
            std::exchange(*refresh, false), std::move(request),
            [call, refresh, finished](client_result<protocol::create_topics_response> r) {
              if (!r) {
                *refresh = true;
                call->retry_or_fail_all(r.error());
                return finished();
              }
              for (const auto& t : r->topics) {
                if (!call->is_pending(t.name)) continue;
                if (t.error_code != 0) {
                  settle_topic(*call, *refresh, t.name, t.error_code, t.error_message);
                  continue;
                }
                created_topic out;
                out.name = t.name;
                out.topic_id = t.topic_id;
                out.num_partitions = t.num_partitions;
                out.replication_factor = t.replication_factor;
                if (t.configs)
                  for (const auto& c : *t.configs) out.configs.push_back(to_config_entry(c));
                call->succeed(t.name, std::move(out));
              }
              finished();
            });
      });
}

admin_results<std::string, void> delete_topics(admin_context& ctx, std::vector<std::string> topics,
                                               const admin_options& options) {
  auto refresh = std::make_shared<bool>(false);
  return launch<std::string, void>(
      ctx, "DeleteTopics", topics, ctx.deadline(options.timeout),
      [refresh](const call_ptr<std::string, void>& call, std::function<void()> finished) {
        protocol::delete_topics_request request;
        request.timeout_ms = call->remaining_ms();
        for (const auto& name : call->pending()) {
          request.topic_names.push_back(name);  // v0-5
          request.topics.push_back({name, uuid{}});  // v6+
        }
        call->context().send_to_controller<protocol::delete_topics_response>(
            std::exchange(*refresh, false), std::move(request),
            [call, refresh, finished](client_result<protocol::delete_topics_response> r) {
              if (!r) {
                *refresh = true;
                call->retry_or_fail_all(r.error());
                return finished();
              }
              for (const auto& t : r->responses) {
                if (!t.name || !call->is_pending(*t.name)) continue;
                if (t.error_code != 0) {
                  settle_topic(*call, *refresh, *t.name, t.error_code, t.error_message);
                } else {
                  call->succeed(*t.name);
                }
              }
              finished();
            });
      });
}

admin_results<std::string, void> create_partitions(admin_context& ctx, std::map<std::string, new_partitions> topics,
                                                   const create_partitions_options& options) {
  std::vector<std::string> names;
  for (const auto& [name, spec] : topics) names.push_back(name);
  auto refresh = std::make_shared<bool>(false);
  return launch<std::string, void>(
      ctx, "CreatePartitions", names, ctx.deadline(options.timeout),
      [topics = std::move(topics), validate_only = options.validate_only, refresh](
          const call_ptr<std::string, void>& call, std::function<void()> finished) {
        protocol::create_partitions_request request;
        request.timeout_ms = call->remaining_ms();
        request.validate_only = validate_only;
        for (const auto& name : call->pending()) {
          const new_partitions& spec = topics.at(name);
          auto& t = request.topics.emplace_back();
          t.name = name;
          t.count = spec.total_count;
          if (!spec.assignments.empty()) {
            t.assignments.emplace();
            for (const auto& brokers : spec.assignments) t.assignments->push_back({brokers});
          }
        }
        call->context().send_to_controller<protocol::create_partitions_response>(
            std::exchange(*refresh, false), std::move(request),
            [call, refresh, finished](client_result<protocol::create_partitions_response> r) {
              if (!r) {
                *refresh = true;
                call->retry_or_fail_all(r.error());
                return finished();
              }
              for (const auto& t : r->results) {
                if (!call->is_pending(t.name)) continue;
                if (t.error_code != 0) {
                  settle_topic(*call, *refresh, t.name, t.error_code, t.error_message);
                } else {
                  call->succeed(t.name);
                }
              }
              finished();
            });
      });
}

}  // namespace gregor::client::admin
