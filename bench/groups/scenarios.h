// The benchmark's scenarios; each starts its own broker (see bench/README.md).
#pragma once

#include "common.h"

namespace gregor::bench {

// 1. Rebalance time of a 3-member group after a member (a follower, then the leader) leaves.
bool run_rebalance(const options& opt, report& out);
// 2. Broker RSS and CPU with 1,000 idle groups (heartbeating, then Empty with committed offsets).
bool run_idle_groups(const options& opt, report& out);
// 3 and 4. __consumer_offsets size after an hour of commits, with compaction; commit latency.
bool run_offsets(const options& opt, report& out);

}  // namespace gregor::bench
