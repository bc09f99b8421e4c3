// line_parser: the key/value/headers split of console-producer input lines (see line_parser.h).
#include "tools/console_producer/line_parser.h"

#include <algorithm>
#include <cctype>

#include "tools/common/client_options.h"
#include "tools/common/tool_error.h"

namespace gregor::tools {
namespace {

void require_nonempty(const std::string& name, const std::string& value) {
  if (value.empty()) throw tool_error("--property " + name + " must not be empty");
}

std::string quoted_line(std::string_view line, int64_t line_number) {
  return "on line number " + std::to_string(line_number) + ": '" + std::string(line) + "'";
}

std::optional<bytes> unless_null(const line_format& format, std::string_view text) {
  if (format.null_marker && text == *format.null_marker) return std::nullopt;
  return bytes(text);
}

// The header pairs of `part` (the text before the headers delimiter).
record_headers split_headers(const line_format& format, std::string_view part, std::string_view line,
                             int64_t line_number) {
  record_headers headers;
  size_t start = 0;
  while (start <= part.size()) {
    size_t end = part.find(format.headers_separator, start);
    if (end == std::string_view::npos) end = part.size();
    std::string_view pair = part.substr(start, end - start);
    start = end + format.headers_separator.size();
    if (pair.empty()) continue;
    size_t sep = pair.find(format.headers_key_separator);
    if (sep == std::string_view::npos) {
      if (!format.ignore_error)
        throw tool_error("No header key separator found in pair '" + std::string(pair) + "' " +
                         quoted_line(line, line_number));
      headers.push_back({std::string(pair), std::nullopt});
      continue;
    }
    std::string_view key = pair.substr(0, sep);
    if (format.null_marker && key == *format.null_marker)
      throw tool_error("A header key may not equal the null marker '" + *format.null_marker + "' " +
                       quoted_line(line, line_number));
    headers.push_back({std::string(key), unless_null(format, pair.substr(sep + format.headers_key_separator.size()))});
  }
  return headers;
}

}  // namespace

line_format make_line_format(const std::vector<std::pair<std::string, std::string>>& properties) {
  line_format f;
  for (const auto& [name, value] : properties) {
    if (name == "parse.key") f.parse_key = parse_bool_property(name, value);
    else if (name == "key.separator") f.key_separator = value;
    else if (name == "parse.headers") f.parse_headers = parse_bool_property(name, value);
    else if (name == "headers.delimiter") f.headers_delimiter = value;
    else if (name == "headers.separator") f.headers_separator = value;
    else if (name == "headers.key.separator") f.headers_key_separator = value;
    else if (name == "null.marker") f.null_marker = value;
    else if (name == "ignore.error") f.ignore_error = parse_bool_property(name, value);
    else
      throw tool_error("unknown --property '" + name +
                       "' (known: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, "
                       "headers.key.separator, null.marker, ignore.error)");
  }
  require_nonempty("key.separator", f.key_separator);
  require_nonempty("headers.delimiter", f.headers_delimiter);
  require_nonempty("headers.separator", f.headers_separator);
  require_nonempty("headers.key.separator", f.headers_key_separator);
  if (f.null_marker) require_nonempty("null.marker", *f.null_marker);
  if (f.headers_separator == f.headers_key_separator)
    throw tool_error("--property headers.separator and headers.key.separator must differ");
  return f;
}

parsed_line parse_line(const line_format& format, std::string_view line, int64_t line_number) {
  parsed_line out;
  std::string_view rest = line;
  if (format.parse_headers) {
    size_t at = rest.find(format.headers_delimiter);
    if (at == std::string_view::npos) {
      if (!format.ignore_error) throw tool_error("No headers delimiter found " + quoted_line(line, line_number));
    } else {
      std::string_view part = rest.substr(0, at);
      rest.remove_prefix(at + format.headers_delimiter.size());
      if (!(format.null_marker && part == *format.null_marker))
        out.headers = split_headers(format, part, line, line_number);
    }
  }
  if (format.parse_key) {
    size_t at = rest.find(format.key_separator);
    if (at == std::string_view::npos) {
      if (!format.ignore_error) throw tool_error("No key separator found " + quoted_line(line, line_number));
    } else {
      out.key = unless_null(format, rest.substr(0, at));
      rest.remove_prefix(at + format.key_separator.size());
    }
  }
  out.value = unless_null(format, rest);
  return out;
}

}  // namespace gregor::tools
