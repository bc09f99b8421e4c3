// --topic regular expressions (see topic_pattern.h).
#include "tools/topics/topic_pattern.h"

#include "tools/common/tool_error.h"

namespace gregor::tools {

namespace {

// The expression Kafka's include lists use: no spaces, no enclosing quotes, ',' as '|'.
std::string normalize(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ' ') continue;
    out += c == ',' ? '|' : c;
  }
  while (!out.empty() && (out.front() == '"' || out.front() == '\'')) out.erase(out.begin());
  while (!out.empty() && (out.back() == '"' || out.back() == '\'')) out.pop_back();
  return out;
}

}  // namespace

topic_pattern::topic_pattern(const std::string& text) : text_(text) {
  try {
    regex_ = std::regex(normalize(text), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw tool_error("invalid --topic regular expression '" + text + "': " + e.what());
  }
}

}  // namespace gregor::tools
