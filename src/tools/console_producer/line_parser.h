// line_parser: turns one line of console-producer input into a record's key, value and headers,
// following the --property settings Kafka's console producer reads (its LineMessageReader):
//
//   parse.key=true           the line is KEY<key.separator>VALUE (key.separator default: tab)
//   parse.headers=true       the line starts with HEADERS<headers.delimiter> (default: tab), where
//                            HEADERS is k:v pairs joined by headers.separator (default ","), each
//                            split at headers.key.separator (default ":")
//   null.marker=S            a key, value, header value or the whole header part equal to S is
//                            sent as null (a value of S makes a tombstone)
//   ignore.error=true        a line without the expected separator is not an error: without a key
//                            separator the whole rest is the value (null key); without a headers
//                            delimiter there are no headers; a header pair without its key
//                            separator becomes a header with a null value
//
// With parse.headers and parse.key both on, a line is HEADERS<tab>KEY<tab>VALUE. Empty header
// pairs (e.g. "a:1,,b:2") are skipped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gregor/types.h"

namespace gregor::tools {

struct line_format {
  bool parse_key = false;
  std::string key_separator = "\t";
  bool parse_headers = false;
  std::string headers_delimiter = "\t";
  std::string headers_separator = ",";
  std::string headers_key_separator = ":";
  std::optional<std::string> null_marker;
  bool ignore_error = false;
};

// The format from --property k=v entries (in order; later wins). Throws tool_error for a name it
// does not know, a boolean that is not true/false, or separators that cannot work (empty, or
// headers.separator equal to headers.key.separator).
line_format make_line_format(const std::vector<std::pair<std::string, std::string>>& properties);

struct parsed_line {
  std::optional<bytes> key;
  std::optional<bytes> value;
  record_headers headers;
};

// Splits `line` (without its line ending) as `format` says. Throws tool_error naming the line
// number (counted from 1) when a separator is missing and ignore.error is off, or when a header
// key equals the null marker.
parsed_line parse_line(const line_format& format, std::string_view line, int64_t line_number);

}  // namespace gregor::tools
