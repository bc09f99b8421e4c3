// sticky_balancer: the assignment shared by "sticky" and "cooperative-sticky" (KIP-54, KIP-429):
// as balanced as possible, and moving as few previously owned partitions as that allows.
//
//  1. Claims. A member keeps each partition it owned if the partition still exists and the member
//     still subscribes to its topic. Two members claiming one partition: the newer generation wins
//     (the other missed a rebalance); a tie at the same generation is inconsistent, so neither
//     keeps it.
//  2. Fill. Unclaimed partitions go, most constrained first (fewest subscribers), to the least
//     loaded subscriber, ties broken by member order.
//  3. Balance. While some partition can move from a member to a subscriber of its topic holding at
//     least two fewer partitions, move one, preferring partitions the source did not own before
//     (moving them costs no stickiness) and the most loaded sources. Every move lowers the sum of
//     squared loads, so this ends; afterwards no single move improves balance, and with identical
//     subscriptions the counts differ by at most one.
//
// With identical subscriptions the number of owned partitions that change hands is the minimum
// needed to reach those counts. Pure function, deterministic for a given input.
#pragma once

#include "client/assignors/group_member.h"

namespace gregor::client {

group_assignment sticky_balance(const std::vector<group_member>& members, const topic_partition_counts& partition_counts);

}  // namespace gregor::client
