// DescribeCluster: this broker is the whole cluster and its controller.
#include "broker/authorized_operations.h"
#include "broker/broker.h"
#include "broker/handlers/handlers.h"

namespace gregor::broker::handlers {

asio::awaitable<describe_cluster_response> describe_cluster(request_context& ctx, describe_cluster_request& req) {
  broker& b = ctx.owner;
  describe_cluster_response resp;
  // endpoint_type (v1+): 1 = brokers, 2 = controllers. A combined node answers both.
  if (req.endpoint_type != 1 && req.endpoint_type != 2) {
    resp.error_code = to_int(error_code::unsupported_endpoint_type);
    resp.error_message = "unknown endpoint type " + std::to_string(req.endpoint_type);
    co_return resp;
  }
  resp.endpoint_type = req.endpoint_type;
  resp.cluster_id = b.cluster_id();
  resp.controller_id = b.node_id();
  resp.brokers.push_back({b.node_id(), b.advertised_host(), b.advertised_port(), std::nullopt});
  if (req.include_cluster_authorized_operations) resp.cluster_authorized_operations = cluster_operations_bitfield;
  co_return resp;
}

}  // namespace gregor::broker::handlers
