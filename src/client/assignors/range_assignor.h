// range_assignor: Kafka's "range" strategy — each topic is split into contiguous ranges.
//
// Per topic, its subscribers in member order (member_order.h) get consecutive partition ranges of
// size n / k, and the first n % k of them one partition more. Because every topic is split the
// same way, the first members get the extra partitions of every topic (C0 of two members gets
// t0p0,t0p1,t1p0,t1p1 of two 3-partition topics), which co-partitioned joins rely on.
// Eager only; stateless.
#pragma once

#include "client/assignors/assignor.h"

namespace gregor::client {

class range_assignor final : public assignor {
 public:
  std::string_view name() const override { return "range"; }
  group_assignment assign(const std::vector<group_member>& members,
                          const topic_partition_counts& partition_counts) const override;
};

}  // namespace gregor::client
