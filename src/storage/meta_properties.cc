#include "storage/meta_properties.h"

#include <charconv>
#include <map>

namespace gregor::storage {

std::string format_meta_properties(const meta_properties& m) {
  std::string out = "#Written by gregor\n";
  out += "version=" + std::to_string(m.version) + "\n";
  out += (m.version == 0 ? "broker.id=" : "node.id=") + std::to_string(m.node_id) + "\n";
  if (!m.cluster_id.empty()) out += "cluster.id=" + m.cluster_id + "\n";
  if (m.directory_id) out += "directory.id=" + *m.directory_id + "\n";
  return out;
}

result<meta_properties> parse_meta_properties(std::string_view text) {
  std::map<std::string, std::string, std::less<>> props;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    auto eq = line.find_first_of("=:");
    if (eq == std::string_view::npos) continue;
    props[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  auto get_int = [&](std::string_view key) -> std::optional<int32_t> {
    auto it = props.find(key);
    if (it == props.end()) return std::nullopt;
    int32_t v = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
    if (ec != std::errc{} || end != it->second.data() + it->second.size()) return std::nullopt;
    return v;
  };
  meta_properties m;
  auto version = get_int("version");
  if (!version || (*version != 0 && *version != 1)) return fail(std::string("meta.properties: bad version"));
  m.version = *version;
  auto id = get_int(m.version == 0 ? "broker.id" : "node.id");
  if (!id && m.version == 0) id = get_int("node.id");
  if (!id && m.version == 1) id = get_int("broker.id");
  if (!id) return fail(std::string("meta.properties: missing node.id/broker.id"));
  m.node_id = *id;
  if (auto it = props.find("cluster.id"); it != props.end()) m.cluster_id = it->second;
  if (m.version == 1 && m.cluster_id.empty()) return fail(std::string("meta.properties: missing cluster.id"));
  if (auto it = props.find("directory.id"); it != props.end()) m.directory_id = it->second;
  return m;
}

}  // namespace gregor::storage
