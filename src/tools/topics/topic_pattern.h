// topic_pattern: --topic as kafka-topics.sh reads it for --list, --describe and --delete — a
// regular expression that must match a topic's whole name. As in Kafka, commas stand for '|'
// ("orders,payments" names both) and surrounding quotes and spaces are dropped.
#pragma once

#include <regex>
#include <string>

namespace gregor::tools {

class topic_pattern {
 public:
  // Throws tool_error for an invalid regular expression.
  explicit topic_pattern(const std::string& text);

  bool matches(const std::string& topic) const { return std::regex_match(topic, regex_); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::regex regex_;
};

}  // namespace gregor::tools
