// Java .properties reader and writer (see the grammar in properties_file.h).
#include "config/properties_file.h"

#include <fmt/format.h>

namespace gregor::config {
namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// Splits text into logical lines: comments and blanks dropped, continuations joined. The
// returned lines still contain escapes (other than the continuation backslashes).
std::vector<std::string> logical_lines(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  bool continuing = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (end < text.size() && text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;

    size_t first = 0;
    while (first < line.size() && is_ws(line[first])) ++first;
    line.remove_prefix(first);
    if (!continuing) {
      if (line.empty() || line.front() == '#' || line.front() == '!') {
        if (end >= text.size()) break;
        continue;
      }
    }
    size_t backslashes = 0;
    while (backslashes < line.size() && line[line.size() - 1 - backslashes] == '\\') {
      ++backslashes;
    }
    bool continues = backslashes % 2 == 1;
    if (continues) line.remove_suffix(1);
    current.append(line);
    continuing = continues;
    if (!continuing) {
      out.push_back(std::move(current));
      current.clear();
    }
    if (end >= text.size()) break;
  }
  if (continuing && !current.empty()) out.push_back(std::move(current));
  return out;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

result<uint32_t> read_hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return fail(std::string("Malformed \\uXXXX escape in properties"));
  uint32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return fail(std::string("Malformed \\uXXXX escape in properties"));
    v = v * 16 + static_cast<uint32_t>(d);
  }
  return v;
}

// Decodes escapes in s[from, to).
result<std::string> unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) break;  // a lone trailing backslash is dropped
    switch (char c = s[i]) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        auto unit = read_hex4(s, i + 1);
        if (!unit) return fail(unit.error());
        i += 4;
        uint32_t cp = *unit;
        // Join a UTF-16 surrogate pair written as two escapes.
        if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < s.size() && s[i + 1] == '\\' &&
            s[i + 2] == 'u') {
          auto low = read_hex4(s, i + 3);
          if (low && *low >= 0xDC00 && *low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default: out += c; break;
    }
  }
  return out;
}

std::string escape(std::string_view s, bool is_key) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\f': out += "\\f"; break;
      case '=': case ':': case '#': case '!':
        out += '\\';
        out += c;
        break;
      case ' ':
        if (is_key || i == 0) out += '\\';
        out += ' ';
        break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

result<property_list> parse_properties(std::string_view text) {
  property_list entries;
  for (const std::string& line : logical_lines(text)) {
    size_t i = 0;
    bool escaped = false;
    for (; i < line.size(); ++i) {
      char c = line[i];
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '=' || c == ':' || is_ws(c)) {
        break;
      }
    }
    size_t key_end = i;
    while (i < line.size() && is_ws(line[i])) ++i;
    if (i < line.size() && (line[i] == '=' || line[i] == ':')) ++i;
    while (i < line.size() && is_ws(line[i])) ++i;
    auto key = unescape(std::string_view(line).substr(0, key_end));
    if (!key) return fail(key.error());
    auto value = unescape(std::string_view(line).substr(i));
    if (!value) return fail(fmt::format("{} (key {})", value.error(), *key));
    entries.emplace_back(std::move(*key), std::move(*value));
  }
  return entries;
}

std::string format_properties(const property_list& entries, std::string_view header) {
  std::string out;
  if (!header.empty()) out += fmt::format("# {}\n", header);
  for (const auto& [key, value] : entries) {
    out += escape(key, true);
    out += '=';
    out += escape(value, false);
    out += '\n';
  }
  return out;
}

}  // namespace gregor::config
