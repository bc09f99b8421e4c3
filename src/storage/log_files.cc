#include "storage/log_files.h"

#include <charconv>
#include <cstdio>

namespace gregor::storage {

std::string segment_file_name(int64_t base_offset, std::string_view suffix) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%020lld", static_cast<long long>(base_offset));
  return std::string(digits) + std::string(suffix);
}

std::optional<int64_t> parse_segment_file_name(std::string_view name, std::string_view suffix) {
  if (name.size() != 20 + suffix.size() || !name.ends_with(suffix)) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + 20, value);
  if (ec != std::errc{} || end != name.data() + 20 || value < 0) return std::nullopt;
  return value;
}

std::string partition_dir_name(std::string_view topic, int32_t partition) {
  return std::string(topic) + "-" + std::to_string(partition);
}

std::optional<topic_partition_name> parse_partition_dir_name(std::string_view name) {
  auto dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
  std::string_view digits = name.substr(dash + 1);
  int32_t partition = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), partition);
  if (ec != std::errc{} || end != digits.data() + digits.size() || partition < 0) return std::nullopt;
  return topic_partition_name{std::string(name.substr(0, dash)), partition};
}

std::string deleted_partition_dir_name(std::string_view topic, int32_t partition, const uuid& id) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = partition_dir_name(topic, partition) + ".";
  for (uint8_t b : id.bytes) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xf]);
  }
  return out + std::string(delete_dir_suffix);
}

}  // namespace gregor::storage
