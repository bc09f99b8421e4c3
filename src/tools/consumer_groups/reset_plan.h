// reset_plan: how --reset-offsets chooses a partition's new offset from what the cluster says
// about it, as Kafka's tool does:
//   --to-earliest / --to-latest   the log start offset / the high watermark
//   --to-current                  the committed offset; the high watermark when there is none
//   --to-offset N, --shift-by N, --from-file
//                                 N / committed + N / the file's offset, clamped to
//                                 [earliest, latest]; shifting needs a committed offset
//   --to-datetime, --by-duration  the first offset at or after the time; the high watermark when
//                                 no record is that new
// Pure functions: the gathering of the facts is in reset_offsets.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gregor/types.h"
#include "tools/consumer_groups/group_options.h"

namespace gregor::tools::consumer_groups {

struct partition_facts {
  int64_t earliest = 0;
  int64_t latest = 0;
  std::optional<int64_t> committed;
  std::optional<int64_t> at_time;    // --to-datetime / --by-duration lookup; nullopt: no record that new
  std::optional<int64_t> requested;  // --from-file
};

struct reset_request {
  reset_kind kind = reset_kind::to_earliest;
  int64_t value = 0;  // N of --to-offset / --shift-by
};

// `requested` moved into [earliest, latest].
int64_t clamp_offset(int64_t requested, int64_t earliest, int64_t latest);

// The new offset of `tp`; throws tool_error when it cannot be chosen (--shift-by without a
// committed offset, --from-file without an entry).
int64_t plan_offset(const reset_request& request, const topic_partition& tp, const partition_facts& facts);

}  // namespace gregor::tools::consumer_groups
