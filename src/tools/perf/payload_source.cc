#include "tools/perf/payload_source.h"

#include <fstream>
#include <random>
#include <sstream>

#include "tools/common/tool_error.h"

namespace gregor::tools {

payload_source::payload_source(std::vector<std::string> payloads)
    : payloads_(std::move(payloads)), state_(std::random_device{}()) {}

payload_source payload_source::random_letters(size_t size) {
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_int_distribution<int> letter('A', 'Z');
  std::string value(size, 'A');
  for (char& c : value) c = static_cast<char>(letter(rng));
  return payload_source({std::move(value)});
}

payload_source payload_source::from_file(const std::string& path, const std::string& delimiter) {
  if (delimiter.empty()) throw tool_error("--payload-delimiter must not be empty");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tool_error("cannot read --payload-file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw tool_error("cannot read --payload-file " + path);
  const std::string content = text.str();

  std::vector<std::string> payloads;
  size_t from = 0;
  while (from <= content.size()) {
    size_t at = content.find(delimiter, from);
    if (at == std::string::npos) at = content.size();
    if (at > from) payloads.push_back(content.substr(from, at - from));
    from = at + delimiter.size();
  }
  if (payloads.empty()) throw tool_error("--payload-file " + path + " holds no payload");
  return payload_source(std::move(payloads));
}

std::string unescape_delimiter(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      char e = text[i + 1];
      if (e == 'n' || e == 'r' || e == 't' || e == '\\') {
        out += e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : '\\';
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace gregor::tools
