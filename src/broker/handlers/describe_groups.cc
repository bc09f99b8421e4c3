// DescribeGroups: state, protocol and members of each group. An unknown group is reported in
// state "Dead" without an error, as Kafka does for these versions.
#include "broker/authorized_operations.h"
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<describe_groups_response> describe_groups(request_context& ctx, describe_groups_request& req) {
  describe_groups_response resp;
  for (const auto& id : req.groups) {
    auto d = ctx.owner.groups().describe_group(id);
    describe_groups_response::described_group g;
    g.error_code = to_int(d.error);
    g.group_id = id;
    g.group_state = d.state;
    g.protocol_type = d.protocol_type;
    g.protocol_data = d.protocol_name;
    for (auto& m : d.members) {
      g.members.push_back({m.member_id, m.group_instance_id, m.client_id, m.client_host, m.metadata, m.assignment});
    }
    if (req.include_authorized_operations && d.error == error_code::none) g.authorized_operations = group_operations_bitfield;
    resp.groups.push_back(std::move(g));
  }
  co_return resp;
}

}  // namespace gregor::broker::handlers
