// reset_plan: the choice of a new offset per --reset-offsets spec.
#include "tools/consumer_groups/reset_plan.h"

#include <algorithm>
#include <limits>

#include "tools/common/tool_error.h"

namespace gregor::tools::consumer_groups {

namespace {

std::string name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// a + b, held at the int64 limits instead of wrapping (--shift-by 9223372036854775807).
int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

}  // namespace

int64_t clamp_offset(int64_t requested, int64_t earliest, int64_t latest) {
  if (requested > latest) return latest;
  if (requested < earliest) return earliest;
  return requested;
}

int64_t plan_offset(const reset_request& request, const topic_partition& tp, const partition_facts& facts) {
  switch (request.kind) {
    case reset_kind::to_earliest:
      return facts.earliest;
    case reset_kind::to_latest:
      return facts.latest;
    case reset_kind::to_current:
      return facts.committed.value_or(facts.latest);
    case reset_kind::to_offset:
      return clamp_offset(request.value, facts.earliest, facts.latest);
    case reset_kind::shift_by:
      if (!facts.committed)
        throw tool_error("cannot shift the offset of " + name(tp) + ": the group has no committed offset there");
      return clamp_offset(saturating_add(*facts.committed, request.value), facts.earliest, facts.latest);
    case reset_kind::to_datetime:
    case reset_kind::by_duration:
      return facts.at_time.value_or(facts.latest);
    case reset_kind::from_file:
      if (!facts.requested) throw tool_error("the reset file has no offset for " + name(tp));
      return clamp_offset(*facts.requested, facts.earliest, facts.latest);
  }
  throw tool_error("unknown reset spec");
}

}  // namespace gregor::tools::consumer_groups
