// offsets_csv: the CSV of --reset-offsets --export and --from-file, Kafka's two shapes:
//   topic,partition,offset          when the run names exactly one --group
//   group,topic,partition,offset    otherwise (--all-groups or several --group)
// No header line. A field with a comma, quote or line break is quoted ("a,b"; "" for a quote).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "gregor/types.h"

namespace gregor::tools::consumer_groups {

using offset_plan = std::map<topic_partition, int64_t>;
using group_offset_plans = std::map<std::string, offset_plan>;  // by group id

// One line per partition, groups and partitions sorted.
std::string format_offsets_csv(const group_offset_plans& plans, bool with_group);

// Parses a file of either shape. Three-column lines belong to `single_group` (the one --group of
// the run); without it they are an error. Throws tool_error naming the file and line.
group_offset_plans parse_offsets_csv(const std::string& text, const std::optional<std::string>& single_group,
                                     const std::string& source);
// Reads and parses `path`.
group_offset_plans read_offsets_csv(const std::string& path, const std::optional<std::string>& single_group);

}  // namespace gregor::tools::consumer_groups
