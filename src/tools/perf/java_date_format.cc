#include "tools/perf/java_date_format.h"

#include <ctime>
#include <string_view>

#include "tools/common/tool_error.h"

namespace gregor::tools {
namespace {

constexpr std::string_view supported_letters = "yMdHhmsSaEZz";
const char* const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::string padded(long value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  return digits;
}

// A name in full for 4+ letters, else its first three characters (as SimpleDateFormat).
std::string name(const char* full, int width) { return width >= 4 ? full : std::string(full, 3); }

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

java_date_format::java_date_format(const std::string& pattern) {
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {  // '' is one quote
        fields_.push_back({0, 0, "'"});
        i += 2;
        continue;
      }
      std::string text;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= pattern.size()) throw tool_error("unterminated quote in --date-format '" + pattern + "'");
        if (pattern[j] != '\'') {
          text += pattern[j];
        } else if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
          text += '\'';
          ++j;
        } else {
          break;
        }
      }
      fields_.push_back({0, 0, text});
      i = j + 1;
    } else if (is_letter(c)) {
      if (supported_letters.find(c) == std::string_view::npos)
        throw tool_error(std::string("unsupported letter '") + c + "' in --date-format '" + pattern +
                         "' (supported: y M d H h m s S a E Z z)");
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      fields_.push_back({c, static_cast<int>(j - i), {}});
      i = j;
    } else {
      fields_.push_back({0, 0, std::string(1, c)});
      ++i;
    }
  }
}

std::string java_date_format::format(std::chrono::system_clock::time_point time) const {
  auto ms_since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms_since_epoch / 1000);
  long millis = static_cast<long>(ms_since_epoch % 1000);
  if (millis < 0) {  // before 1970
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  localtime_r(&seconds, &tm);

  std::string out;
  for (const auto& f : fields_) {
    switch (f.letter) {
      case 0: out += f.text; break;
      case 'y': {
        long year = tm.tm_year + 1900L;
        out += f.width == 2 ? padded(year % 100, 2) : padded(year, f.width);
        break;
      }
      case 'M':
        out += f.width >= 3 ? name(month_names[tm.tm_mon], f.width) : padded(tm.tm_mon + 1, f.width);
        break;
      case 'd': out += padded(tm.tm_mday, f.width); break;
      case 'H': out += padded(tm.tm_hour, f.width); break;
      case 'h': out += padded(tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12, f.width); break;
      case 'm': out += padded(tm.tm_min, f.width); break;
      case 's': out += padded(tm.tm_sec, f.width); break;
      case 'S': out += padded(millis, f.width); break;
      case 'a': out += tm.tm_hour < 12 ? "AM" : "PM"; break;
      case 'E': out += name(day_names[tm.tm_wday], f.width); break;
      case 'Z': {
        long offset_min = tm.tm_gmtoff / 60;
        out += offset_min < 0 ? '-' : '+';
        if (offset_min < 0) offset_min = -offset_min;
        out += padded(offset_min / 60, 2) + padded(offset_min % 60, 2);
        break;
      }
      case 'z': out += tm.tm_zone ? tm.tm_zone : ""; break;
    }
  }
  return out;
}

}  // namespace gregor::tools
