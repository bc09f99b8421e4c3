// offsets_csv: writing and reading the reset CSV, with RFC 4180 quoting.
#include "tools/consumer_groups/offsets_csv.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include "tools/common/tool_error.h"

namespace gregor::tools::consumer_groups {

namespace {

std::string field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Splits the text into records of fields; a quoted field may hold commas, quotes and line breaks.
// Records are numbered by the line they start on; a broken quote is a tool_error.
struct csv_record {
  int line = 0;
  std::vector<std::string> fields;
};

std::vector<csv_record> split_records(const std::string& text, const std::string& source) {
  std::vector<csv_record> records;
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    csv_record record{line, {std::string()}};
    bool at_field_start = true;
    bool ended = false;
    while (i < text.size() && !ended) {
      char c = text[i];
      if (at_field_start && c == '"') {
        ++i;
        while (true) {
          if (i >= text.size()) throw tool_error(source + " line " + std::to_string(record.line) + ": unclosed quote");
          if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '"') {
            record.fields.back() += '"';
            i += 2;
          } else if (text[i] == '"') {
            ++i;
            break;
          } else {
            if (text[i] == '\n') ++line;
            record.fields.back() += text[i++];
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw tool_error(source + " line " + std::to_string(line) + ": text after a closing quote");
        at_field_start = false;
        continue;
      }
      ++i;
      if (c == ',') {
        record.fields.emplace_back();
        at_field_start = true;
      } else if (c == '\n') {
        ++line;
        ended = true;
      } else if (c != '\r') {
        record.fields.back() += c;
        at_field_start = false;
      }
    }
    bool blank = record.fields.size() == 1 && record.fields[0].find_first_not_of(" \t") == std::string::npos;
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

template <class T>
std::optional<T> number(const std::string& text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string format_offsets_csv(const group_offset_plans& plans, bool with_group) {
  std::string out;
  for (const auto& [group, plan] : plans) {
    for (const auto& [tp, offset] : plan) {
      if (with_group) out += field(group) + ",";
      out += field(tp.topic) + "," + std::to_string(tp.partition) + "," + std::to_string(offset) + "\n";
    }
  }
  return out;
}

group_offset_plans parse_offsets_csv(const std::string& text, const std::optional<std::string>& single_group,
                                     const std::string& source) {
  group_offset_plans plans;
  for (const auto& record : split_records(text, source)) {
    const std::vector<std::string>& fields = record.fields;
    auto where = [&] { return source + " line " + std::to_string(record.line); };
    if (fields.size() != 3 && fields.size() != 4)
      throw tool_error(where() + ": expected topic,partition,offset or group,topic,partition,offset");
    std::string group;
    size_t first = 0;
    if (fields.size() == 4) {
      group = fields[0];
      first = 1;
    } else if (single_group) {
      group = *single_group;
    } else {
      throw tool_error(where() + ": a line without a group column needs exactly one --group");
    }
    const std::string& topic = fields[first];
    auto partition = number<int32_t>(fields[first + 1]);
    auto offset = number<int64_t>(fields[first + 2]);
    if (group.empty() || topic.empty() || !partition || *partition < 0 || !offset)
      throw tool_error(where() + ": expected a group, a topic, a partition number and an offset");
    plans[group][{topic, *partition}] = *offset;
  }
  return plans;
}

group_offset_plans read_offsets_csv(const std::string& path, const std::optional<std::string>& single_group) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tool_error("cannot read the reset file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_offsets_csv(text.str(), single_group, path);
}

}  // namespace gregor::tools::consumer_groups
