// java_date_format: consumer-perf-test's --date-format, a Java SimpleDateFormat pattern (Kafka's
// default "yyyy-MM-dd HH:mm:ss:SSS"), applied in the local time zone.
//
// Supported letters: y (year; yy = two digits), M (month; MMM/MMMM = name), d, H (0-23),
// h (1-12), m, s, S (milliseconds), a (AM/PM), E (day name; EEEE = full), Z (+hhmm) and
// z (zone abbreviation); 'quoted text' is literal and '' is a quote. Other letters are rejected
// when the pattern is parsed, so a bad --date-format fails before the test runs.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace gregor::tools {

class java_date_format {
 public:
  // Throws tool_error for an unsupported letter or an unterminated quote.
  explicit java_date_format(const std::string& pattern);

  std::string format(std::chrono::system_clock::time_point time) const;

 private:
  struct field {
    char letter = 0;   // 0: literal text
    int width = 0;     // how many times the letter repeats
    std::string text;  // the literal
  };
  std::vector<field> fields_;
};

}  // namespace gregor::tools
