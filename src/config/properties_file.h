// Reading and writing Java .properties text (server.properties, topic override files).
//
// Grammar, as java.util.Properties defines it:
//   line      := blank | comment | entry       (lines end with \n, \r or \r\n)
//   comment   := ws* ('#' | '!') any*           (never continued)
//   entry     := ws* key sep value
//   key       := chars up to the first unescaped '=', ':' or whitespace
//   sep       := ws* ('=' | ':')? ws*
//   value     := rest of the logical line, where a line ending in an odd number of
//                backslashes continues on the next line (its leading whitespace dropped)
//   escapes   := \t \n \r \f \uXXXX (UTF-16, surrogate pairs joined; emitted as UTF-8),
//                and \c gives c for any other character
// Later duplicates win. Values keep trailing whitespace here; typed parsing trims it.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace gregor::config {

using property_list = std::vector<std::pair<std::string, std::string>>;

// Entries in file order (duplicates kept; apply in order so the last wins). Fails only on a
// malformed \uXXXX escape.
result<property_list> parse_properties(std::string_view text);

// Writes entries one per line, escaping so parse_properties gives them back unchanged.
// `header` (may be empty) becomes a leading '#' comment line.
std::string format_properties(const property_list& entries, std::string_view header = {});

}  // namespace gregor::config
