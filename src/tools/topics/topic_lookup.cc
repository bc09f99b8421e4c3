// Finding the topics a `gregor topics` command names (see topic_lookup.h).
#include "tools/topics/topic_lookup.h"

#include "tools/common/tool_error.h"
#include "tools/topics/topic_pattern.h"

namespace gregor::tools {

std::vector<topic_listing> matching_topics(kafka_admin_client& admin, const std::optional<std::string>& pattern,
                                           bool include_internal) {
  std::optional<topic_pattern> filter;
  if (pattern) filter.emplace(*pattern);  // before any request: a bad regex needs no broker
  auto all = admin.list_topics({.list_internal = include_internal}).get();
  std::vector<topic_listing> out;
  for (auto& topic : all)
    if (!filter || filter->matches(topic.name)) out.push_back(std::move(topic));
  return out;
}

std::optional<topic_description> find_topic(kafka_admin_client& admin, const std::string& name) {
  try {
    return admin.describe_topics({name})[name].get();
  } catch (const kafka_error& e) {
    if (e.code() == error_code::unknown_topic_or_partition) return std::nullopt;
    throw;
  }
}

void throw_topic_missing(const std::string& topic) {
  throw tool_error("Topic '" + topic + "' does not exist as expected");
}

}  // namespace gregor::tools
