// message_formatter: prints a consumed record the way Kafka's DefaultMessageFormatter does, driven
// by the same --property settings:
//
//   print.timestamp  "CreateTime:<ms>", "LogAppendTime:<ms>" or "NO_TIMESTAMP"     (default false)
//   print.partition  "Partition:<n>"                                             (default false)
//   print.offset     "Offset:<n>"                                                (default false)
//   print.headers    "k1:v1<headers.separator>k2:v2", or "NO_HEADERS"             (default false)
//   print.key        the key                                                     (default false)
//   print.value      the value                                                   (default true)
//   key.separator    between the fields above, in that order                     (default tab)
//   line.separator   after each record                                           (default "\n")
//   headers.separator between headers                                            (default ",")
//   null.literal     printed for a null key, value or header value               (default "null")
//
// Keys, values and header values are written as their raw bytes. line.separator ends every
// record, after its last printed field; unlike Kafka, also when every print.* is false (Kafka
// then prints nothing at all for a record).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "gregor/types.h"

namespace gregor::tools {

struct message_format {
  bool print_timestamp = false;
  bool print_partition = false;
  bool print_offset = false;
  bool print_headers = false;
  bool print_key = false;
  bool print_value = true;
  std::string key_separator = "\t";
  std::string line_separator = "\n";
  std::string headers_separator = ",";
  std::string null_literal = "null";
};

// The format from --property / --formatter-config k=v entries (later wins). Throws tool_error for
// a name it does not know or a print.* value that is not true/false.
message_format make_message_format(const std::vector<std::pair<std::string, std::string>>& properties);

// Appends `record` formatted as `format` says (line separator included) to `out`.
void format_record(const message_format& format, const consumer_record& record, std::string& out);

}  // namespace gregor::tools
