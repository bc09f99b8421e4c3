// Parsing of --replica-assignment lists (see replica_assignment.h).
#include "tools/topics/replica_assignment.h"

#include <algorithm>
#include <charconv>

#include "tools/common/tool_error.h"

namespace gregor::tools {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

int32_t parse_broker_id(const std::string& text, const std::string& whole) {
  int32_t id = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id < 0)
    throw tool_error("invalid --replica-assignment '" + whole + "': '" + text + "' is not a broker id");
  return id;
}

}  // namespace

std::vector<std::vector<int32_t>> parse_replica_assignment(const std::string& text) {
  std::string compact;
  for (char c : text)
    if (c != ' ') compact += c;
  std::vector<std::vector<int32_t>> partitions;
  for (const auto& partition : split(compact, ',')) {
    std::vector<int32_t> brokers;
    for (const auto& id : split(partition, ':')) brokers.push_back(parse_broker_id(id, text));
    auto sorted = brokers;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      throw tool_error("invalid --replica-assignment '" + text + "': partition " + std::to_string(partitions.size()) +
                       " names a broker twice");
    if (!partitions.empty() && brokers.size() != partitions.front().size())
      throw tool_error("invalid --replica-assignment '" + text + "': every partition needs the same number of replicas");
    partitions.push_back(std::move(brokers));
  }
  return partitions;
}

}  // namespace gregor::tools
