#include "tools/offsets/offset_json.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "tools/common/tool_error.h"

namespace gregor::tools {

namespace {

using json = nlohmann::json;

// nlohmann's messages start with "[json.exception.parse_error.101] "; the rest reads well alone.
std::string without_exception_tag(const std::string& message) {
  if (message.rfind("[json.exception.", 0) == 0) {
    auto end = message.find("] ");
    if (end != std::string::npos) return message.substr(end + 2);
  }
  return message;
}

const json& field(const json& entry, const char* name, size_t index) {
  auto it = entry.find(name);
  if (it == entry.end())
    throw tool_error("partition entry " + std::to_string(index) + " has no \"" + name + "\" field");
  return *it;
}

int64_t integer_field(const json& entry, const char* name, size_t index, int64_t min, int64_t max) {
  const json& value = field(entry, name, index);
  if (!value.is_number_integer())
    throw tool_error("partition entry " + std::to_string(index) + ": \"" + name + "\" must be an integer, not " +
                     value.dump());
  // Unsigned values above int64's range read as negative through get<int64_t>(); compare first.
  if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max))
    throw tool_error("partition entry " + std::to_string(index) + ": \"" + name + "\" " + value.dump() +
                     " is out of range");
  int64_t n = value.get<int64_t>();
  if (n < min || n > max)
    throw tool_error("partition entry " + std::to_string(index) + ": \"" + name + "\" " + value.dump() +
                     " is out of range");
  return n;
}

}  // namespace

std::vector<std::pair<topic_partition, int64_t>> parse_offset_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw tool_error("the offset JSON file is not valid JSON: " + without_exception_tag(e.what()));
  }
  if (!doc.is_object()) throw tool_error("the offset JSON file must hold an object with a \"partitions\" list");
  if (auto version = doc.find("version"); version != doc.end()) {
    if (!version->is_number_integer() || version->get<int64_t>() != 1)
      throw tool_error("unsupported \"version\" " + version->dump() + " in the offset JSON file (only 1 exists)");
  }
  auto partitions = doc.find("partitions");
  if (partitions == doc.end()) throw tool_error("the offset JSON file has no \"partitions\" field");
  if (!partitions->is_array()) throw tool_error("\"partitions\" in the offset JSON file must be a list");
  if (partitions->empty()) throw tool_error("the offset JSON file lists no partitions");

  std::vector<std::pair<topic_partition, int64_t>> out;
  std::set<topic_partition> seen;
  std::vector<std::string> duplicates;
  for (size_t i = 0; i < partitions->size(); ++i) {
    const json& entry = (*partitions)[i];
    if (!entry.is_object()) throw tool_error("partition entry " + std::to_string(i) + " is not an object");
    const json& topic = field(entry, "topic", i);
    if (!topic.is_string() || topic.get<std::string>().empty())
      throw tool_error("partition entry " + std::to_string(i) + ": \"topic\" must be a non-empty string");
    topic_partition tp{topic.get<std::string>(), static_cast<int32_t>(integer_field(
                                                     entry, "partition", i, 0, std::numeric_limits<int32_t>::max()))};
    int64_t offset =
        integer_field(entry, "offset", i, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
    if (offset < -1)
      throw tool_error("partition entry " + std::to_string(i) +
                       ": \"offset\" must be an offset >= 0, or -1 for the "
                       "high watermark, not " +
                       std::to_string(offset));
    if (!seen.insert(tp).second) duplicates.push_back(tp.topic + "-" + std::to_string(tp.partition));
    out.emplace_back(std::move(tp), offset);
  }
  if (!duplicates.empty()) {
    std::string list;
    for (const auto& d : duplicates) list += (list.empty() ? "" : ",") + d;
    throw tool_error("Offset json file contains duplicate topic partitions: " + list);
  }
  return out;
}

}  // namespace gregor::tools
