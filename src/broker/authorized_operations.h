// Authorized-operation bitfields (bit n = ACL operation code n) for Metadata, DescribeCluster and
// DescribeGroups.
// Without an authorizer every operation a resource supports is allowed, which is what we report.
#pragma once

#include <cstdint>

namespace gregor::broker {

namespace acl_operation {
constexpr int read = 3, write = 4, create = 5, delete_ = 6, alter = 7, describe = 8, cluster_action = 9,
              describe_configs = 10, alter_configs = 11, idempotent_write = 12;
}

constexpr int32_t bit(int op) { return int32_t{1} << op; }

constexpr int32_t topic_operations_bitfield =
    bit(acl_operation::read) | bit(acl_operation::write) | bit(acl_operation::create) | bit(acl_operation::delete_) |
    bit(acl_operation::alter) | bit(acl_operation::describe) | bit(acl_operation::describe_configs) |
    bit(acl_operation::alter_configs);

constexpr int32_t cluster_operations_bitfield =
    bit(acl_operation::create) | bit(acl_operation::alter) | bit(acl_operation::describe) |
    bit(acl_operation::cluster_action) | bit(acl_operation::describe_configs) | bit(acl_operation::alter_configs) |
    bit(acl_operation::idempotent_write);

constexpr int32_t group_operations_bitfield =
    bit(acl_operation::read) | bit(acl_operation::describe) | bit(acl_operation::delete_);

}  // namespace gregor::broker
