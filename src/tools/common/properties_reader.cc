#include "tools/common/properties_reader.h"

#include <fstream>
#include <sstream>

#include "config/properties_file.h"
#include "tools/common/tool_error.h"

namespace gregor::tools {

std::vector<std::pair<std::string, std::string>> read_properties_file_verbatim(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tool_error("cannot read properties file " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto entries = config::parse_properties(text.str());
  if (!entries) throw tool_error("malformed properties file " + path + ": " + entries.error());
  return std::move(*entries);
}

std::vector<std::pair<std::string, std::string>> read_properties_file(const std::string& path) {
  auto entries = read_properties_file_verbatim(path);
  for (auto& [key, value] : entries) {
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
  }
  return entries;
}

}  // namespace gregor::tools
