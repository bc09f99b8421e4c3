// Finding the topics a `gregor topics` command names: by --topic regex over the cluster's topic
// list, or one topic by its exact name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gregor/admin.h"

namespace gregor::tools {

// The cluster's topics whose whole name matches `pattern` (all when nullopt), sorted by name;
// internal ones only when `include_internal`.
std::vector<topic_listing> matching_topics(kafka_admin_client& admin, const std::optional<std::string>& pattern,
                                           bool include_internal);

// The topic named `name`, or nullopt when the cluster has no such topic.
std::optional<topic_description> find_topic(kafka_admin_client& admin, const std::string& name);

// Throws the tool_error kafka-topics.sh gives for a --topic that names nothing.
[[noreturn]] void throw_topic_missing(const std::string& topic);

}  // namespace gregor::tools
