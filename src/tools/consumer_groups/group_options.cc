// group_options: which flags go with which action, checked before anything is sent to a broker.
#include "tools/consumer_groups/group_options.h"

#include "tools/common/tool_error.h"
#include "tools/consumer_groups/group_states.h"
#include "tools/consumer_groups/reset_time.h"
#include "tools/consumer_groups/topic_selection.h"

namespace gregor::tools::consumer_groups {

namespace {

int count_true(std::initializer_list<bool> flags) {
  int n = 0;
  for (bool f : flags) n += f ? 1 : 0;
  return n;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw tool_error(message);
}

std::string action_flag(group_action action) {
  switch (action) {
    case group_action::list: return "--list";
    case group_action::describe: return "--describe";
    case group_action::delete_groups: return "--delete";
    case group_action::reset_offsets: return "--reset-offsets";
    case group_action::delete_offsets: return "--delete-offsets";
  }
  return "";
}

bool any_reset_spec(const group_options& o) {
  return o.to_earliest || o.to_latest || o.to_current || o.to_offset || o.shift_by || o.to_datetime ||
         o.by_duration || o.from_file;
}

void validate_groups(const group_options& o, group_action action) {
  bool named = !o.groups.empty();
  require(!(named && o.all_groups), "--group and --all-groups cannot be used together");
  switch (action) {
    case group_action::list:
      require(!named && !o.all_groups, "--list takes no --group or --all-groups");
      break;
    case group_action::delete_offsets:
      require(!o.all_groups, "--delete-offsets works on one group: give --group G, not --all-groups");
      require(o.groups.size() == 1, "--delete-offsets needs exactly one --group G");
      break;
    default:
      require(named || o.all_groups, action_flag(action) + " needs --group G (repeatable) or --all-groups");
  }
  for (const auto& g : o.groups) require(!g.empty(), "--group needs a non-empty group id");
}

void validate_describe_flags(const group_options& o, group_action action) {
  if (action != group_action::describe) {
    require(!o.members, "--members works only with --describe");
    require(!o.offsets, "--offsets works only with --describe");
    require(!o.verbose, "--verbose works only with --describe");
    require(!o.state || action == group_action::list, "--state works only with --describe or --list");
    return;
  }
  require(count_true({o.members, o.offsets, o.state}) <= 1, "--members, --offsets and --state are exclusive");
  // Kafka takes --verbose with every view; only --members has more to show.
  require(o.state_filter.empty(), "--state takes a list of states only with --list");
}

void validate_reset(const group_options& o) {
  chosen_reset(o);  // exactly one spec
  require(!(o.dry_run && o.execute), "--reset-offsets takes only one of --dry-run and --execute");
  require(!(o.all_topics && !o.topics.empty()), "--topic and --all-topics cannot be used together");
  require(o.from_file || o.all_topics || !o.topics.empty(),
          "--reset-offsets needs a scope: --all-topics or --topic T (repeatable, T:0,2 for partitions)");
  // Fail on a malformed time before contacting the cluster.
  if (o.to_datetime) parse_datetime(*o.to_datetime);
  if (o.by_duration) parse_duration(*o.by_duration);
}

}  // namespace

group_action chosen_action(const group_options& o) {
  int n = count_true({o.list, o.describe, o.delete_groups, o.reset_offsets, o.delete_offsets});
  require(n == 1, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets");
  if (o.list) return group_action::list;
  if (o.describe) return group_action::describe;
  if (o.delete_groups) return group_action::delete_groups;
  if (o.reset_offsets) return group_action::reset_offsets;
  return group_action::delete_offsets;
}

describe_view chosen_view(const group_options& o) {
  if (o.members) return describe_view::members;
  if (o.state) return describe_view::state;
  return describe_view::offsets;
}

reset_kind chosen_reset(const group_options& o) {
  int n = count_true({o.to_earliest, o.to_latest, o.to_current, o.to_offset.has_value(), o.shift_by.has_value(),
                      o.to_datetime.has_value(), o.by_duration.has_value(), o.from_file.has_value()});
  require(n == 1,
          "--reset-offsets needs exactly one of --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, "
          "--to-datetime, --by-duration, --from-file");
  if (o.to_earliest) return reset_kind::to_earliest;
  if (o.to_latest) return reset_kind::to_latest;
  if (o.to_current) return reset_kind::to_current;
  if (o.to_offset) return reset_kind::to_offset;
  if (o.shift_by) return reset_kind::shift_by;
  if (o.to_datetime) return reset_kind::to_datetime;
  if (o.by_duration) return reset_kind::by_duration;
  return reset_kind::from_file;
}

void validate(const group_options& o) {
  group_action action = chosen_action(o);
  require(o.timeout_ms > 0, "--timeout must be a positive number of milliseconds");
  validate_groups(o, action);
  validate_describe_flags(o, action);
  if (action == group_action::list && !o.state_filter.empty()) parse_state_list(o.state_filter);

  bool resetting = action == group_action::reset_offsets;
  if (!resetting) {
    require(!any_reset_spec(o), "--to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, "
                                "--by-duration and --from-file work only with --reset-offsets");
    require(!o.dry_run && !o.execute && !o.export_csv, "--dry-run, --execute and --export work only with --reset-offsets");
    require(!o.all_topics, "--all-topics works only with --reset-offsets");
  }
  if (action == group_action::delete_offsets) {
    require(!o.topics.empty(), "--delete-offsets needs --topic T (repeatable, T:0,2 for partitions)");
  } else if (!resetting) {
    require(o.topics.empty(), "--topic works only with --reset-offsets or --delete-offsets");
  }
  if (resetting) validate_reset(o);
  for (const auto& t : o.topics) parse_topic_selection(t);  // syntax only; existence is checked later
}

}  // namespace gregor::tools::consumer_groups
