// Parsing of --add-config/--delete-config lists and the --describe line format (see config_text.h).
#include "tools/configs/config_text.h"

#include "tools/common/tool_error.h"

namespace gregor::tools {

namespace {

std::string trim(const std::string& s) {
  size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

// Splits at commas that are not inside [...].
std::vector<std::string> split_outside_brackets(const std::string& text) {
  std::vector<std::string> parts{""};
  int depth = 0;
  for (char c : text) {
    if (c == '[') ++depth;
    if (c == ']' && --depth < 0) throw tool_error("invalid --add-config '" + text + "': unbalanced ']'");
    if (c == ',' && depth == 0) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (depth != 0) throw tool_error("invalid --add-config '" + text + "': unbalanced '['");
  return parts;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_add_config(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& part : split_outside_brackets(text)) {
    auto eq = part.find('=');
    std::string key = trim(part.substr(0, eq));
    if (eq == std::string::npos || key.empty())
      throw tool_error("invalid --add-config entry '" + trim(part) + "': expected key=value");
    std::string value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '[' && value.back() == ']') value = value.substr(1, value.size() - 2);
    out.emplace_back(key, value);
  }
  return out;
}

std::vector<std::string> parse_delete_config(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(',', start);
    std::string name = trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (name.empty()) throw tool_error("invalid --delete-config '" + text + "': empty config name");
    out.push_back(name);
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::string source_name(config_source source) {
  switch (source) {
    case config_source::dynamic_topic_config: return "DYNAMIC_TOPIC_CONFIG";
    case config_source::dynamic_broker_config: return "DYNAMIC_BROKER_CONFIG";
    case config_source::dynamic_default_broker_config: return "DYNAMIC_DEFAULT_BROKER_CONFIG";
    case config_source::static_broker_config: return "STATIC_BROKER_CONFIG";
    case config_source::default_config: return "DEFAULT_CONFIG";
    case config_source::dynamic_broker_logger_config: return "DYNAMIC_BROKER_LOGGER_CONFIG";
    case config_source::client_metrics_config: return "CLIENT_METRICS_CONFIG";
    case config_source::group_config: return "GROUP_CONFIG";
    case config_source::unknown: break;
  }
  return "UNKNOWN";
}

std::string describe_line(const config_entry& entry) {
  std::string synonyms;
  for (const auto& s : entry.synonyms) {
    if (!synonyms.empty()) synonyms += ", ";
    synonyms += source_name(s.source) + ":" + s.name + "=" + s.value.value_or("null");
  }
  return "  " + entry.name + "=" + entry.value.value_or("null") + " sensitive=" + (entry.is_sensitive ? "true" : "false") +
         " synonyms={" + synonyms + "}";
}

}  // namespace gregor::tools
