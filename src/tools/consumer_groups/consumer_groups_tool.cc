// `gregor consumer-groups`: kafka-consumer-groups.sh's flags on a CLI11 subcommand, and the
// dispatch to the chosen action (group_actions.h).
#include "tools/consumer_groups/consumer_groups_tool.h"

#include <CLI/CLI.hpp>
#include <memory>

#include "tools/consumer_groups/group_actions.h"

namespace gregor::tools {

namespace {

using consumer_groups::group_options;

void add_actions(CLI::App& cmd, group_options& o) {
  cmd.add_flag("--list", o.list, "List all consumer groups");
  cmd.add_flag("--describe", o.describe,
               "Describe the groups: committed offsets and lag (default), --members or --state");
  cmd.add_flag("--delete", o.delete_groups, "Delete the groups (they must have no active members)");
  cmd.add_flag("--reset-offsets", o.reset_offsets,
               "Reset the groups' committed offsets (needs a scope and one reset spec; a dry run unless --execute)");
  cmd.add_flag("--delete-offsets", o.delete_offsets, "Delete the group's committed offsets of --topic");
}

void add_selection(CLI::App& cmd, group_options& o) {
  cmd.add_option("--group", o.groups, "The consumer group (repeatable)");
  cmd.add_flag("--all-groups", o.all_groups, "Every consumer group (with --describe, --delete, --reset-offsets)");
  cmd.add_option("--topic", o.topics,
                 "A topic, or topic:0,2 for some partitions (repeatable; --reset-offsets, --delete-offsets)");
  cmd.add_flag("--all-topics", o.all_topics, "Every topic the group has committed offsets for (--reset-offsets)");
}

void add_describe(CLI::App& cmd, group_options& o, CLI::Option*& state_option) {
  cmd.add_flag("--members", o.members, "With --describe: the group's members");
  cmd.add_flag("--offsets", o.offsets, "With --describe: offsets and lag per partition (the default view)");
  state_option = cmd.add_option("--state", o.state_filter,
                                "With --describe: the group's state and coordinator. With --list: show each "
                                "group's state, or only groups in the given states (e.g. Stable,Empty)")
                     ->expected(0, 1);
  cmd.add_flag("--verbose", o.verbose,
               "With --describe: more detail where there is some (--members: each member's assignment)");
}

void add_reset(CLI::App& cmd, group_options& o) {
  cmd.add_flag("--to-earliest", o.to_earliest, "Reset to the earliest offset");
  cmd.add_flag("--to-latest", o.to_latest, "Reset to the latest offset (the high watermark)");
  cmd.add_flag("--to-current", o.to_current, "Reset to the committed offset (latest where there is none)");
  cmd.add_option("--to-offset", o.to_offset, "Reset to this offset (kept within earliest..latest)");
  cmd.add_option("--shift-by", o.shift_by,
                 "Move the committed offset by N, negative for back (kept within earliest..latest)");
  cmd.add_option("--to-datetime", o.to_datetime,
                 "Reset to the first offset at or after YYYY-MM-DDTHH:mm:SS.sss (UTC unless a zone such as "
                 "Z or +01:00 follows)");
  cmd.add_option("--by-duration", o.by_duration, "Reset to the first offset at or after now minus PnDTnHnMnS");
  cmd.add_option("--from-file", o.from_file, "Reset to the offsets of a CSV file (as --export writes it)")
      ->check(CLI::ExistingFile);
  cmd.add_flag("--dry-run", o.dry_run, "Only print the new offsets (the default)");
  cmd.add_flag("--execute", o.execute, "Apply the new offsets");
  cmd.add_flag("--export", o.export_csv, "Print the new offsets as CSV (for --from-file) instead of a table");
}

int run(const group_options& options, bool state_given) {
  group_options o = options;
  o.state = state_given;
  consumer_groups::validate(o);
  consumer_groups::group_admin admin(client_config(o.client), o.timeout());
  switch (consumer_groups::chosen_action(o)) {
    case consumer_groups::group_action::list: return consumer_groups::run_list(o, admin);
    case consumer_groups::group_action::describe: return consumer_groups::run_describe(o, admin);
    case consumer_groups::group_action::delete_groups: return consumer_groups::run_delete(o, admin);
    case consumer_groups::group_action::reset_offsets: return consumer_groups::run_reset_offsets(o, admin);
    case consumer_groups::group_action::delete_offsets: return consumer_groups::run_delete_offsets(o, admin);
  }
  return 1;
}

}  // namespace

tool_command add_consumer_groups_tool(CLI::App& parent) {
  auto* cmd = parent.add_subcommand(
      "consumer-groups", "List, describe, delete consumer groups and reset their offsets (kafka-consumer-groups.sh)");
  auto options = std::make_shared<group_options>();
  add_client_options(*cmd, options->client);
  add_actions(*cmd, *options);
  add_selection(*cmd, *options);
  CLI::Option* state_option = nullptr;
  add_describe(*cmd, *options, state_option);
  add_reset(*cmd, *options);
  cmd->add_option("--timeout", options->timeout_ms, "How long each operation may take, in ms (default 5000)");
  return {cmd, [options, state_option]() { return run(*options, state_option->count() > 0); }};
}

}  // namespace gregor::tools
