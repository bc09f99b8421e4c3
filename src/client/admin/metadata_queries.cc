// metadata_queries: topic listings and descriptions from Metadata, the cluster from DescribeCluster.
#include "client/admin/metadata_queries.h"

#include <algorithm>

#include "client/admin/admin_call.h"
#include "client/admin/wire_mapping.h"
#include "protocol/messages/describe_cluster.h"

namespace gregor::client::admin {

namespace {

using protocol::error_code;

topic_description describe(const topic_metadata& t) {
  topic_description out;
  out.name = t.name;
  out.topic_id = t.topic_id;
  out.internal = t.internal;
  for (const auto& p : t.partitions) {
    out.partitions.push_back({p.partition, p.leader, p.leader_epoch, p.replicas, p.isr, p.offline_replicas});
  }
  return out;
}

cluster_description from_metadata(const cluster_metadata& md) {
  cluster_description out;
  out.cluster_id = md.cluster_id.value_or("");
  for (const auto& [id, b] : md.brokers) out.nodes.push_back(to_cluster_node(b));
  if (const broker_node* c = md.broker(md.controller_id)) out.controller = to_cluster_node(*c);
  return out;
}

}  // namespace

admin_future<std::vector<topic_listing>> list_topics(admin_context& ctx, const list_topics_options& options) {
  return launch_single<std::vector<topic_listing>>(
      ctx, "ListTopics", ctx.deadline(options.timeout),
      [list_internal = options.list_internal](const call_ptr<int, std::vector<topic_listing>>& call,
                                              std::function<void()> finished) {
        call->context().all_topics_metadata([call, finished, list_internal](client_result<metadata_snapshot> md) {
          if (!md) {
            call->retry_or_fail_all(md.error());
            return finished();
          }
          std::vector<topic_listing> out;
          for (const auto& [name, t] : (*md)->topics) {
            if (t.error_code != 0 || (t.internal && !list_internal)) continue;
            out.push_back({name, t.topic_id, t.internal});
          }
          call->succeed(0, std::move(out));  // a std::map walk: already sorted by name
          finished();
        });
      });
}

admin_results<std::string, topic_description> describe_topics(admin_context& ctx, std::vector<std::string> topics,
                                                              const admin_options& options) {
  return launch<std::string, topic_description>(
      ctx, "DescribeTopics", topics, ctx.deadline(options.timeout),
      [](const call_ptr<std::string, topic_description>& call, std::function<void()> finished) {
        std::vector<std::string> names(call->pending().begin(), call->pending().end());
        call->context().topics_metadata(names, true, [call, names, finished](client_result<metadata_snapshot> md) {
          if (!md) {
            call->retry_or_fail_all(md.error());
            return finished();
          }
          for (const auto& name : names) {
            const topic_metadata* t = (*md)->topic(name);
            if (!t) {
              call->retry(name, client_error{error_code::leader_not_available, "no metadata for topic '" + name + "' yet"});
              continue;
            }
            auto code = static_cast<error_code>(t->error_code);
            if (code == error_code::none) {
              call->succeed(name, describe(*t));
            } else if (code == error_code::leader_not_available) {
              call->retry(name, client_error{code, "topic '" + name + "'"});
            } else {
              call->fail(name, client_error{code, "topic '" + name + "'"});
            }
          }
          finished();
        });
      });
}

admin_future<cluster_description> describe_cluster(admin_context& ctx, const admin_options& options) {
  return launch_single<cluster_description>(
      ctx, "DescribeCluster", ctx.deadline(options.timeout),
      [](const call_ptr<int, cluster_description>& call, std::function<void()> finished) {
        auto& ctx = call->context();
        ctx.send_to_any<protocol::describe_cluster_response>(
            protocol::describe_cluster_request{},
            [call, finished, &ctx](client_result<protocol::describe_cluster_response> r) {
              if (!r && r.error().code == error_code::unsupported_version) {
                // Brokers before Kafka 2.8 have no DescribeCluster: Metadata says the same.
                ctx.cluster_metadata(true, [call, finished](client_result<metadata_snapshot> md) {
                  if (!md) call->retry_or_fail_all(md.error());
                  else call->succeed(0, from_metadata(**md));
                  finished();
                });
                return;
              }
              if (!r) {
                call->retry_or_fail_all(r.error());
                return finished();
              }
              if (r->error_code != 0) {
                call->retry_or_fail_all(item_error(r->error_code, r->error_message, "DescribeCluster"));
                return finished();
              }
              cluster_description out;
              out.cluster_id = r->cluster_id;
              for (const auto& b : r->brokers) {
                out.nodes.push_back({b.broker_id, b.host, b.port, b.rack});
                if (b.broker_id == r->controller_id) out.controller = out.nodes.back();
              }
              std::sort(out.nodes.begin(), out.nodes.end(),
                        [](const cluster_node& a, const cluster_node& b) { return a.id < b.id; });
              call->succeed(0, std::move(out));
              finished();
            });
      });
}

}  // namespace gregor::client::admin
