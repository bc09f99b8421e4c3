// topic_selection: parsing "T:0,2" and checking the partitions against describe_topics.
#include "tools/consumer_groups/topic_selection.h"

#include <charconv>
#include <map>
#include <set>

#include "tools/common/tool_error.h"
#include "tools/consumer_groups/group_admin.h"

namespace gregor::tools::consumer_groups {

topic_selection parse_topic_selection(const std::string& text) {
  topic_selection out;
  size_t colon = text.find(':');
  out.topic = text.substr(0, colon);
  if (out.topic.empty()) throw tool_error("invalid --topic '" + text + "': the topic name is empty");
  if (colon == std::string::npos) return out;

  out.partitions.emplace();
  std::string list = text.substr(colon + 1);
  size_t start = 0;
  while (true) {
    size_t comma = list.find(',', start);
    std::string part = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int32_t p = -1;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), p);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || p < 0)
      throw tool_error("invalid partition '" + part + "' in --topic '" + text + "': expected T:0,1,2");
    out.partitions->push_back(p);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<topic_partition> resolve_topic_selections(group_admin& admin, const std::vector<std::string>& texts) {
  std::vector<topic_selection> selections;
  std::set<std::string> topics;
  for (const auto& text : texts) {
    selections.push_back(parse_topic_selection(text));
    topics.insert(selections.back().topic);
  }
  std::map<std::string, int32_t> counts = admin.partition_counts({topics.begin(), topics.end()});

  std::set<topic_partition> out;
  std::vector<std::string> missing;
  for (const auto& sel : selections) {
    int32_t count = counts.at(sel.topic);
    if (!sel.partitions) {
      for (int32_t p = 0; p < count; ++p) out.insert({sel.topic, p});
      continue;
    }
    for (int32_t p : *sel.partitions) {
      if (p >= count) missing.push_back(sel.topic + "-" + std::to_string(p));
      else out.insert({sel.topic, p});
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw tool_error("partitions that do not exist: " + list);
  }
  return {out.begin(), out.end()};
}

}  // namespace gregor::tools::consumer_groups
