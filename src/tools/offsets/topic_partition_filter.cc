#include "tools/offsets/topic_partition_filter.h"

#include <algorithm>
#include <charconv>

#include "tools/common/tool_error.h"

namespace gregor::tools {

namespace {

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// Kafka's topic include-lists: spaces and surrounding quotes are dropped and ',' means '|', so
// "--topic 'a,b'" selects a and b.
std::regex topic_regex(const std::string& raw) {
  std::string text;
  for (char c : trim(raw)) {
    if (c == ' ') continue;
    text += c == ',' ? '|' : c;
  }
  while (!text.empty() && (text.front() == '"' || text.front() == '\'')) text.erase(text.begin());
  while (!text.empty() && (text.back() == '"' || text.back() == '\'')) text.pop_back();
  try {
    return std::regex(text, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw tool_error("'" + raw + "' is not a valid regular expression: " + e.what());
  }
}

// A non-negative partition number made only of digits; nullopt otherwise.
std::optional<int32_t> parse_partition(const std::string& text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  int32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return parts;
}

}  // namespace

topic_partition_filter topic_partition_filter::from_topic_and_partitions(const std::optional<std::string>& topic,
                                                                         const std::optional<std::string>& partitions) {
  rule r{.topic = topic_regex(topic.value_or(".*"))};
  if (partitions && !partitions->empty()) {
    for (const auto& part : split(*partitions, ',')) {
      auto id = parse_partition(trim(part));
      if (!id)
        throw tool_error("--partitions expects a comma separated list of numeric partition ids, but received: " +
                         *partitions);
      r.ids.insert(*id);
    }
  }
  topic_partition_filter filter;
  filter.rules_.push_back(std::move(r));
  return filter;
}

topic_partition_filter topic_partition_filter::from_rules(const std::string& rules) {
  topic_partition_filter filter;
  for (const auto& spec : split(rules, ',')) {
    auto colon = spec.find(':');
    std::string topic = spec.substr(0, colon);
    std::string partitions = colon == std::string::npos ? "" : spec.substr(colon + 1);
    rule r{.topic = topic_regex(topic.empty() ? ".*" : topic)};
    auto invalid = [&] { return tool_error("Invalid rule specification: " + spec); };
    if (partitions.find(':') != std::string::npos) throw invalid();
    auto dash = partitions.find('-');
    if (dash == std::string::npos) {
      if (!partitions.empty()) {
        auto id = parse_partition(partitions);
        if (!id) throw invalid();
        r.ids = {*id};
      }
    } else {
      std::string low = partitions.substr(0, dash), high = partitions.substr(dash + 1);
      if (!low.empty()) {
        auto id = parse_partition(low);
        if (!id) throw invalid();
        r.lower = *id;
      }
      if (!high.empty()) {
        auto id = parse_partition(high);
        if (!id) throw invalid();
        r.upper = *id;
      }
    }
    filter.rules_.push_back(std::move(r));
  }
  return filter;
}

bool topic_partition_filter::topic_allowed(const std::string& topic) const {
  return std::any_of(rules_.begin(), rules_.end(), [&](const rule& r) { return std::regex_match(topic, r.topic); });
}

bool topic_partition_filter::partition_allowed(const std::string& topic, int32_t partition) const {
  return std::any_of(rules_.begin(), rules_.end(), [&](const rule& r) {
    if (!std::regex_match(topic, r.topic)) return false;
    if (!r.ids.empty()) return r.ids.count(partition) > 0;
    return partition >= r.lower && partition < r.upper;
  });
}

}  // namespace gregor::tools
