#include "storage/checkpoint_file.h"

#include <charconv>

namespace gregor::storage {
namespace {

// Splits text into lines (a trailing newline does not add an empty line).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

template <class T>
bool parse_int(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

// Checks the "0\nN\n" preamble and returns the N entry lines split into words.
result<std::vector<std::vector<std::string_view>>> parse_versioned(std::string_view text, size_t words) {
  auto lines = split_lines(text);
  int version = -1;
  int64_t count = -1;
  if (lines.size() < 2 || !parse_int(lines[0], version) || !parse_int(lines[1], count)) {
    return fail(std::string("malformed checkpoint header"));
  }
  if (version != 0) return fail("unsupported checkpoint version " + std::string(lines[0]));
  if (count < 0 || static_cast<size_t>(count) != lines.size() - 2) {
    return fail("checkpoint expects " + std::to_string(count) + " entries, has " +
                std::to_string(lines.size() - 2));
  }
  std::vector<std::vector<std::string_view>> out;
  for (size_t i = 2; i < lines.size(); ++i) {
    auto w = split_words(lines[i]);
    if (w.size() != words) return fail("malformed checkpoint line: " + std::string(lines[i]));
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

std::string format_offset_checkpoint(const std::vector<partition_offset>& entries) {
  std::string out = "0\n" + std::to_string(entries.size()) + "\n";
  for (const auto& e : entries) {
    out += e.topic + " " + std::to_string(e.partition) + " " + std::to_string(e.offset) + "\n";
  }
  return out;
}

result<std::vector<partition_offset>> parse_offset_checkpoint(std::string_view text) {
  auto lines = parse_versioned(text, 3);
  if (!lines) return fail(lines.error());
  std::vector<partition_offset> out;
  for (const auto& w : *lines) {
    partition_offset e{std::string(w[0])};
    if (!parse_int(w[1], e.partition) || !parse_int(w[2], e.offset)) {
      return fail("malformed offset checkpoint entry for " + e.topic);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string format_leader_epoch_checkpoint(const std::vector<epoch_entry>& entries) {
  std::string out = "0\n" + std::to_string(entries.size()) + "\n";
  for (const auto& e : entries) out += std::to_string(e.epoch) + " " + std::to_string(e.start_offset) + "\n";
  return out;
}

result<std::vector<epoch_entry>> parse_leader_epoch_checkpoint(std::string_view text) {
  auto lines = parse_versioned(text, 2);
  if (!lines) return fail(lines.error());
  std::vector<epoch_entry> out;
  for (const auto& w : *lines) {
    epoch_entry e;
    if (!parse_int(w[0], e.epoch) || !parse_int(w[1], e.start_offset)) {
      return fail(std::string("malformed leader epoch entry"));
    }
    out.push_back(e);
  }
  return out;
}

std::string format_partition_metadata(const uuid& topic_id) {
  return "version: 0\ntopic_id: " + topic_id.to_base64() + "\n";
}

result<uuid> parse_partition_metadata(std::string_view text) {
  std::optional<uuid> id;
  bool version_ok = false;
  for (auto line : split_lines(text)) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (key == "version") version_ok = value == "0";
    if (key == "topic_id") id = uuid::from_base64(value);
  }
  if (!version_ok) return fail(std::string("partition.metadata: unsupported or missing version"));
  if (!id) return fail(std::string("partition.metadata: missing or malformed topic_id"));
  return *id;
}

result<std::vector<partition_offset>> read_offset_checkpoint(fs::file_system& fs, const fs::path& p) {
  if (!fs.exists(p)) return std::vector<partition_offset>{};
  auto text = fs::read_whole_file(fs, p);
  if (!text) return fail(text.error());
  auto parsed = parse_offset_checkpoint(*text);
  if (!parsed) return fail(p.string() + ": " + parsed.error());
  return parsed;
}

result<void> write_offset_checkpoint(fs::file_system& fs, const fs::path& p,
                                     const std::vector<partition_offset>& entries) {
  return fs::write_file_atomically(fs, p, format_offset_checkpoint(entries));
}

}  // namespace gregor::storage
