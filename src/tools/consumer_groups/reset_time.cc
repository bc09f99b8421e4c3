// reset_time: parsing of --to-datetime and --by-duration by hand (std::get_time has no zones and
// accepts out-of-range fields), with every field range-checked.
#include "tools/consumer_groups/reset_time.h"

#include <cctype>
#include <limits>
#include <optional>
#include <string_view>

#include "tools/common/tool_error.h"

namespace gregor::tools::consumer_groups {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> read_fixed(std::string_view s, size_t& pos, size_t digits) {
  if (pos + digits > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// The zone suffix: Z, +HH, +HHmm or +HH:mm (or '-'), as minutes east of UTC.
std::optional<int> read_zone(std::string_view s, size_t& pos) {
  if (pos == s.size()) return 0;  // none: UTC
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
    return 0;
  }
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  auto hours = read_fixed(s, pos, 2);
  if (!hours || *hours > 18) return std::nullopt;
  int minutes = 0;
  if (pos < s.size()) {
    expect(s, pos, ':');
    auto m = read_fixed(s, pos, 2);
    if (!m || *m > 59) return std::nullopt;
    minutes = *m;
  }
  return sign * (*hours * 60 + minutes);
}

[[noreturn]] void bad_datetime(const std::string& text) {
  throw tool_error("invalid --to-datetime '" + text +
                   "': expected YYYY-MM-DDTHH:mm:SS.sss with an optional zone (Z, +01:00)");
}

}  // namespace

int64_t parse_datetime(const std::string& text) {
  std::string_view s = text;
  size_t pos = 0;
  auto year = read_fixed(s, pos, 4);
  if (!year || !expect(s, pos, '-')) bad_datetime(text);
  auto month = read_fixed(s, pos, 2);
  if (!month || !expect(s, pos, '-')) bad_datetime(text);
  auto day = read_fixed(s, pos, 2);
  if (!day || !expect(s, pos, 'T')) bad_datetime(text);
  auto hour = read_fixed(s, pos, 2);
  if (!hour || !expect(s, pos, ':')) bad_datetime(text);
  auto minute = read_fixed(s, pos, 2);
  if (!minute || !expect(s, pos, ':')) bad_datetime(text);
  auto second = read_fixed(s, pos, 2);
  if (!second) bad_datetime(text);
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    auto ms = read_fixed(s, pos, 3);
    if (!ms) bad_datetime(text);
    millis = *ms;
  }
  auto zone = read_zone(s, pos);
  if (!zone || pos != s.size()) bad_datetime(text);

  std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) bad_datetime(text);
  auto local = std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
               std::chrono::seconds(*second) + std::chrono::milliseconds(millis);
  auto utc = local - std::chrono::minutes(*zone);
  return std::chrono::duration_cast<std::chrono::milliseconds>(utc.time_since_epoch()).count();
}

std::chrono::milliseconds parse_duration(const std::string& text) {
  auto bad = [&]() -> std::chrono::milliseconds {
    throw tool_error("invalid --by-duration '" + text + "': expected an ISO-8601 duration PnDTnHnMnS, e.g. PT30M or P1DT2H");
  };
  std::string_view s = text;
  size_t pos = 0;
  if (pos >= s.size() || std::toupper(static_cast<unsigned char>(s[pos])) != 'P') return bad();
  ++pos;
  bool in_time = false;
  int parts = 0;
  int time_parts = 0;
  char last_unit = 0;  // units must come in order D, H, M, S
  std::string order = "DHMS";
  int64_t total_ms = 0;
  constexpr int64_t limit = std::numeric_limits<int64_t>::max() / 1000;
  while (pos < s.size()) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(s[pos])));
    if (c == 'T') {
      if (in_time) return bad();
      in_time = true;
      ++pos;
      continue;
    }
    int64_t whole = 0;
    size_t digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      whole = whole * 10 + (s[pos] - '0');
      if (whole > limit) return bad();
      ++pos;
      ++digits;
    }
    int64_t fraction_ms = 0;
    bool has_fraction = false;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      has_fraction = true;
      ++pos;
      size_t fraction_digits = 0;
      int64_t scale = 100;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        fraction_ms += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
        ++fraction_digits;
      }
      if (fraction_digits == 0 || fraction_digits > 9) return bad();
    }
    if (digits == 0 || pos >= s.size()) return bad();
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(s[pos])));
    ++pos;
    if (order.find(unit) == std::string::npos || (last_unit && order.find(unit) <= order.find(last_unit))) return bad();
    if ((unit == 'D') == in_time) return bad();  // days before T, the rest after it
    if (has_fraction && unit != 'S') return bad();
    int64_t unit_ms = unit == 'D' ? 86400000 : unit == 'H' ? 3600000 : unit == 'M' ? 60000 : 1000;
    if (whole > limit / (unit_ms / 1000)) return bad();
    total_ms += whole * unit_ms + fraction_ms;
    if (total_ms < 0 || total_ms / 1000 > limit) return bad();
    last_unit = unit;
    ++parts;
    if (in_time) ++time_parts;
  }
  if (parts == 0 || (in_time && time_parts == 0)) return bad();
  return std::chrono::milliseconds(total_ms);
}

}  // namespace gregor::tools::consumer_groups
