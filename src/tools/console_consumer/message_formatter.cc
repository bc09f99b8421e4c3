// message_formatter: Kafka DefaultMessageFormatter-shaped output of consumed records.
#include "tools/console_consumer/message_formatter.h"

#include <algorithm>
#include <cctype>

#include "tools/common/client_options.h"
#include "tools/common/tool_error.h"

namespace gregor::tools {
namespace {

void append_nullable(const message_format& format, const std::optional<bytes>& data, std::string& out) {
  out += data ? *data : format.null_literal;
}

}  // namespace

message_format make_message_format(const std::vector<std::pair<std::string, std::string>>& properties) {
  message_format f;
  for (const auto& [name, value] : properties) {
    if (name == "print.timestamp") f.print_timestamp = parse_bool_property(name, value);
    else if (name == "print.partition") f.print_partition = parse_bool_property(name, value);
    else if (name == "print.offset") f.print_offset = parse_bool_property(name, value);
    else if (name == "print.headers") f.print_headers = parse_bool_property(name, value);
    else if (name == "print.key") f.print_key = parse_bool_property(name, value);
    else if (name == "print.value") f.print_value = parse_bool_property(name, value);
    else if (name == "key.separator") f.key_separator = value;
    else if (name == "line.separator") f.line_separator = value;
    else if (name == "headers.separator") f.headers_separator = value;
    else if (name == "null.literal") f.null_literal = value;
    else
      throw tool_error("unknown --property '" + name +
                       "' (known: print.timestamp, print.partition, print.offset, print.headers, print.key, "
                       "print.value, key.separator, line.separator, headers.separator, null.literal)");
  }
  return f;
}

void format_record(const message_format& format, const consumer_record& record, std::string& out) {
  bool first = true;
  // Fields are joined by key.separator, in Kafka's order.
  auto field = [&]() -> std::string& {
    if (!first) out += format.key_separator;
    first = false;
    return out;
  };
  if (format.print_timestamp) {
    switch (record.ts_type) {
      case timestamp_type::create_time: field() += "CreateTime:" + std::to_string(record.timestamp); break;
      case timestamp_type::log_append_time: field() += "LogAppendTime:" + std::to_string(record.timestamp); break;
      case timestamp_type::no_timestamp: field() += "NO_TIMESTAMP"; break;
    }
  }
  if (format.print_partition) field() += "Partition:" + std::to_string(record.partition);
  if (format.print_offset) field() += "Offset:" + std::to_string(record.offset);
  if (format.print_headers) {
    std::string& o = field();
    if (record.headers.empty()) o += "NO_HEADERS";
    for (size_t i = 0; i < record.headers.size(); ++i) {
      if (i > 0) o += format.headers_separator;
      o += record.headers[i].key;
      o += ':';
      append_nullable(format, record.headers[i].value, o);
    }
  }
  if (format.print_key) append_nullable(format, record.key, field());
  if (format.print_value) append_nullable(format, record.value, field());
  out += format.line_separator;
}

}  // namespace gregor::tools
