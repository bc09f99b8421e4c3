// --reset-offsets: plans new committed offsets for each group (reset_plan.h), prints the plan
// (GROUP TOPIC PARTITION NEW-OFFSET, or CSV with --export) and, with --execute, commits it with
// alter_consumer_group_offsets. Without --execute nothing changes (a dry run, Kafka's default).
//
// As in Kafka's tool, only groups without active members (state Empty, or Dead: not existing yet)
// can be reset; any other group is an error for that group (exit code 1) while the rest proceed.
#include <chrono>
#include <iostream>
#include <set>

#include "tools/common/text_table.h"
#include "tools/common/tool_error.h"
#include "tools/consumer_groups/error_text.h"
#include "tools/consumer_groups/group_actions.h"
#include "tools/consumer_groups/offsets_csv.h"
#include "tools/consumer_groups/reset_plan.h"
#include "tools/consumer_groups/reset_time.h"
#include "tools/consumer_groups/topic_selection.h"

namespace gregor::tools::consumer_groups {

namespace {

std::string name(const topic_partition& tp) { return tp.topic + "-" + std::to_string(tp.partition); }

// Everything a run decides once, before looking at each group.
struct reset_run {
  reset_request request;
  std::optional<int64_t> timestamp_ms;               // --to-datetime / --by-duration
  std::optional<std::vector<topic_partition>> scope;  // --topic
  std::optional<group_offset_plans> file;            // --from-file
};

reset_run prepare_run(const group_options& options, group_admin& admin) {
  reset_run run;
  run.request.kind = chosen_reset(options);
  if (options.to_offset) run.request.value = *options.to_offset;
  if (options.shift_by) run.request.value = *options.shift_by;
  if (options.to_datetime) run.timestamp_ms = parse_datetime(*options.to_datetime);
  if (options.by_duration) {
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    run.timestamp_ms = (now - parse_duration(*options.by_duration)).count();
  }
  // A time before 1970 means "from the first record" (no record is older). Negative values must
  // not reach ListOffsets, where -1 and -2 mean latest and earliest and others are refused.
  if (run.timestamp_ms && *run.timestamp_ms < 0) run.timestamp_ms = 0;
  if (!options.topics.empty()) run.scope = resolve_topic_selections(admin, options.topics);
  if (options.from_file) {
    std::optional<std::string> single;
    if (options.groups.size() == 1) single = options.groups.front();
    run.file = read_offsets_csv(*options.from_file, single);
  }
  return run;
}

// The partitions to reset in `group`; nullopt (after an error on stderr) when the reset file has
// nothing for it.
std::optional<std::vector<topic_partition>> partitions_to_reset(const group_options& options, const reset_run& run,
                                                                const std::string& group,
                                                                const std::map<topic_partition, offset_and_metadata>& committed) {
  std::vector<topic_partition> out;
  if (run.file) {
    auto it = run.file->find(group);
    if (it == run.file->end()) {
      std::cerr << "Error: the reset file " << *options.from_file << " has no offsets for group '" << group << "'.\n";
      return std::nullopt;
    }
    std::set<topic_partition> in_scope;
    if (run.scope) in_scope.insert(run.scope->begin(), run.scope->end());
    for (const auto& [tp, offset] : it->second)
      if (!run.scope || in_scope.contains(tp)) out.push_back(tp);
  } else if (options.all_topics) {
    for (const auto& [tp, offset] : committed) out.push_back(tp);
  } else {
    out = *run.scope;
  }
  return out;
}

// Partitions named by committed offsets or the reset file may be of topics deleted since.
void check_partitions_exist(group_admin& admin, const std::vector<topic_partition>& partitions) {
  std::set<std::string> topics;
  for (const auto& tp : partitions) topics.insert(tp.topic);
  auto counts = admin.partition_counts({topics.begin(), topics.end()});
  for (const auto& tp : partitions)
    if (tp.partition >= counts.at(tp.topic)) throw tool_error("partition " + name(tp) + " does not exist");
}

std::map<topic_partition, int64_t> required(const log_offsets& found, const char* what) {
  if (!found.errors.empty()) {
    const auto& [tp, error] = *found.errors.begin();
    throw tool_error(std::string("cannot look up the ") + what + " offset of " + name(tp) + ": " + error);
  }
  return found.offsets;
}

offset_plan plan_group(group_admin& admin, const reset_run& run,
                       const std::vector<topic_partition>& partitions,
                       const std::map<topic_partition, offset_and_metadata>& committed, const std::string& group) {
  offset_plan plan;
  if (partitions.empty()) return plan;
  check_partitions_exist(admin, partitions);
  auto earliest = required(admin.lookup(partitions, offset_spec::earliest()), "earliest");
  auto latest = required(admin.lookup(partitions, offset_spec::latest()), "latest");
  std::map<topic_partition, int64_t> at_time;
  if (run.timestamp_ms) at_time = required(admin.lookup(partitions, offset_spec::for_timestamp(*run.timestamp_ms)), "timestamp");

  for (const auto& tp : partitions) {
    partition_facts facts{.earliest = earliest.at(tp), .latest = latest.at(tp)};
    if (auto it = committed.find(tp); it != committed.end() && it->second.offset >= 0) facts.committed = it->second.offset;
    if (auto it = at_time.find(tp); it != at_time.end() && it->second >= 0) facts.at_time = it->second;
    if (run.timestamp_ms && !facts.at_time)
      std::cerr << "Note: " << name(tp) << " has no record at or after that time; using its latest offset "
                << facts.latest << ".\n";
    if (run.file) facts.requested = run.file->at(group).at(tp);
    plan[tp] = plan_offset(run.request, tp, facts);
  }
  return plan;
}

// Commits the plan; false (after the errors on stderr) when some partition was refused.
bool apply_plan(group_admin& admin, const std::string& group, const offset_plan& plan) {
  if (plan.empty()) return true;
  std::map<topic_partition, offset_and_metadata> offsets;
  for (const auto& [tp, offset] : plan) offsets[tp] = offset_and_metadata{.offset = offset};
  auto results = admin.client().alter_consumer_group_offsets(group, offsets, admin.options());
  bool ok = true;
  for (const auto& [tp, offset] : plan) {
    try {
      results[tp].get();
    } catch (const kafka_error& e) {
      std::cerr << "Error: could not reset the offset of " << name(tp) << " for group '" << group << "': " << error_text(e)
                << '\n';
      ok = false;
    }
  }
  return ok;
}

void print_plans(const group_options& options, const std::vector<std::string>& order, const group_offset_plans& plans) {
  if (options.export_csv) {
    std::cout << format_offsets_csv(plans, options.groups.size() != 1);
    return;
  }
  text_table table({"GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"});
  for (const auto& group : order) {
    auto it = plans.find(group);
    if (it == plans.end()) continue;
    for (const auto& [tp, offset] : it->second)
      table.add_row({group, tp.topic, std::to_string(tp.partition), std::to_string(offset)});
  }
  std::cout << '\n';
  table.print(std::cout);
}

}  // namespace

int run_reset_offsets(const group_options& options, group_admin& admin) {
  reset_run run = prepare_run(options, admin);
  std::vector<std::string> ids = admin.group_ids(options);
  auto groups = admin.describe(ids);

  int exit_code = 0;
  group_offset_plans plans;
  for (const auto& id : ids) {
    consumer_group_state state = groups.at(id).state;
    if (state != consumer_group_state::empty && state != consumer_group_state::dead) {
      std::cerr << "Error: Assignments can only be reset if the group '" << id
                << "' is inactive, but the current state is " << to_string(state) << ".\n";
      exit_code = 1;
      continue;
    }
    auto committed = admin.committed(id);
    auto partitions = partitions_to_reset(options, run, id, committed);
    if (!partitions) {
      exit_code = 1;
      continue;
    }
    plans[id] = plan_group(admin, run, *partitions, committed, id);
  }
  // Every plan is made before any is applied: a group that cannot be planned changes nothing.
  if (options.execute) {
    std::erase_if(plans, [&](const auto& entry) {
      if (apply_plan(admin, entry.first, entry.second)) return false;
      exit_code = 1;
      return true;
    });
  }
  std::cerr.flush();
  if (plans.empty()) return exit_code;
  print_plans(options, ids, plans);
  if (!options.dry_run && !options.execute) {
    std::cout.flush();
    std::cerr << "Note: this was a dry run (the default): nothing was changed. Add --execute to apply the new "
                 "offsets, or --dry-run to ask for a dry run explicitly.\n";
  }
  return exit_code;
}

}  // namespace gregor::tools::consumer_groups
