// group_operations: ListGroups on every broker; DescribeGroups and DeleteGroups per coordinator.
#include "client/admin/group_operations.h"

#include <set>

#include "client/admin/admin_call.h"
#include "client/assignors/consumer_protocol.h"
#include "client/admin/wire_mapping.h"
#include "protocol/messages/delete_groups.h"
#include "protocol/messages/describe_groups.h"
#include "protocol/messages/list_groups.h"

namespace gregor::client::admin {

namespace {

using protocol::error_code;

// What list_consumer_groups has gathered so far: the brokers still to answer and their groups.
struct listing_state {
  std::optional<std::set<int32_t>> brokers_left;
  std::map<std::string, consumer_group_listing> groups;
  client_error last_error;
};

consumer_group_description describe(const protocol::describe_groups_response::described_group& g,
                                    const broker_node& coordinator) {
  consumer_group_description out;
  out.group_id = g.group_id;
  out.protocol_type = g.protocol_type;
  out.protocol = g.protocol_data;
  out.state = parse_consumer_group_state(g.group_state);
  out.coordinator = to_cluster_node(coordinator);
  // Only "consumer" groups carry subscriptions and assignments we know how to read.
  bool consumer = g.protocol_type == "consumer";
  for (const auto& m : g.members) {
    member_description md;
    md.member_id = m.member_id;
    md.group_instance_id = m.group_instance_id;
    md.client_id = m.client_id;
    md.host = m.client_host;
    if (consumer) {
      // Bytes that are not a consumer subscription/assignment leave the fields empty.
      if (auto s = decode_subscription(m.member_metadata)) md.subscription = std::move(s->topics);
      if (auto a = decode_assignment(m.member_assignment)) md.assignment = flatten(a->assigned_partitions);
    }
    out.members.push_back(std::move(md));
  }
  return out;
}

}  // namespace

admin_future<std::vector<consumer_group_listing>> list_consumer_groups(
    admin_context& ctx, const list_consumer_groups_options& options) {
  using call_type = call_ptr<int, std::vector<consumer_group_listing>>;
  std::vector<std::string> states;
  for (auto s : options.states) states.emplace_back(to_string(s));
  auto state = std::make_shared<listing_state>();
  return launch_single<std::vector<consumer_group_listing>>(
      ctx, "ListConsumerGroups", ctx.deadline(options.timeout),
      [states, state](const call_type& call, std::function<void()> finished) {
        auto& ctx = call->context();
        ctx.cluster_metadata(false, [call, states, state, finished, &ctx](client_result<metadata_snapshot> md) {
          if (!md) {
            call->retry_or_fail_all(md.error());
            return finished();
          }
          if (!state->brokers_left) {
            state->brokers_left.emplace();
            for (const auto& [id, b] : (*md)->brokers) state->brokers_left->insert(id);
          }
          auto done = fan_in(state->brokers_left->size(), [call, state, finished] {
            if (state->brokers_left->empty()) {
              std::vector<consumer_group_listing> out;
              for (auto& [id, g] : state->groups) out.push_back(g);
              call->succeed(0, std::move(out));
            } else {
              call->retry(0, state->last_error);
            }
            finished();
          });
          for (int32_t broker : std::set<int32_t>(*state->brokers_left)) {
            protocol::list_groups_request request;
            request.states_filter = states;
            ctx.send_to_node<protocol::list_groups_response>(
                broker, std::move(request),
                [call, state, broker, done](client_result<protocol::list_groups_response> r) {
                  client_error e = r ? item_error(r->error_code, std::nullopt, "ListGroups on broker " + std::to_string(broker))
                                     : r.error();
                  if (r && r->error_code == 0) {
                    for (const auto& g : r->groups) {
                      consumer_group_listing listing{g.group_id, g.protocol_type, std::nullopt};
                      if (!g.group_state.empty()) listing.state = parse_consumer_group_state(g.group_state);
                      state->groups[g.group_id] = std::move(listing);
                    }
                    state->brokers_left->erase(broker);
                  } else if (e.retriable()) {
                    state->last_error = e;
                  } else {
                    call->fail(0, e);
                  }
                  done();
                });
          }
        });
      });
}

admin_results<std::string, consumer_group_description> describe_consumer_groups(admin_context& ctx,
                                                                                std::vector<std::string> group_ids,
                                                                                const admin_options& options) {
  using response = protocol::describe_groups_response;
  return launch<std::string, consumer_group_description>(
      ctx, "DescribeConsumerGroups", group_ids, ctx.deadline(options.timeout),
      [](const call_ptr<std::string, consumer_group_description>& call, std::function<void()> finished) {
        auto done = fan_in(call->pending().size(), std::move(finished));
        for (const std::string& group : std::set<std::string>(call->pending())) {
          protocol::describe_groups_request request;
          request.groups = {group};
          call->context().send_to_coordinator<response>(
              group, std::move(request),
              [group](const response& r) -> int16_t {
                for (const auto& g : r.groups)
                  if (g.group_id == group) return g.error_code;
                return 0;
              },
              [call, group, done](client_result<response> r, const broker_node& coordinator) {
                if (!r) {
                  call->retry_or_fail(group, r.error());
                  return done();
                }
                for (const auto& g : r->groups) {
                  if (g.group_id != group) continue;
                  if (g.error_code != 0) call->fail(group, item_error(g.error_code, std::nullopt, "group '" + group + "'"));
                  else call->succeed(group, describe(g, coordinator));
                }
                done();
              });
        }
      });
}

admin_results<std::string, void> delete_consumer_groups(admin_context& ctx, std::vector<std::string> group_ids,
                                                        const admin_options& options) {
  using response = protocol::delete_groups_response;
  return launch<std::string, void>(
      ctx, "DeleteConsumerGroups", group_ids, ctx.deadline(options.timeout),
      [](const call_ptr<std::string, void>& call, std::function<void()> finished) {
        auto done = fan_in(call->pending().size(), std::move(finished));
        for (const std::string& group : std::set<std::string>(call->pending())) {
          protocol::delete_groups_request request;
          request.groups_names = {group};
          call->context().send_to_coordinator<response>(
              group, std::move(request),
              [group](const response& r) -> int16_t {
                for (const auto& g : r.results)
                  if (g.group_id == group) return g.error_code;
                return 0;
              },
              [call, group, done](client_result<response> r, const broker_node&) {
                if (!r) {
                  call->retry_or_fail(group, r.error());
                  return done();
                }
                for (const auto& g : r->results) {
                  if (g.group_id != group) continue;
                  if (g.error_code != 0) call->fail(group, item_error(g.error_code, std::nullopt, "group '" + group + "'"));
                  else call->succeed(group);
                }
                done();
              });
        }
      });
}

}  // namespace gregor::client::admin
