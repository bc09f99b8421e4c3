// group_actions: the five actions of `gregor consumer-groups`, each returning the exit code
// (0, or 1 when some group or partition failed; the failures are on stderr by then). Anything
// that stops the whole run is thrown instead (tool_error, kafka_error).
#pragma once

#include "tools/consumer_groups/group_admin.h"
#include "tools/consumer_groups/group_options.h"

namespace gregor::tools::consumer_groups {

int run_list(const group_options& options, group_admin& admin);            // list_groups.cc
int run_describe(const group_options& options, group_admin& admin);        // describe_groups.cc
int run_delete(const group_options& options, group_admin& admin);          // delete_groups.cc
int run_delete_offsets(const group_options& options, group_admin& admin);  // delete_offsets.cc
int run_reset_offsets(const group_options& options, group_admin& admin);   // reset_offsets.cc

}  // namespace gregor::tools::consumer_groups
