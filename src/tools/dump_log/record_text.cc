#include "tools/dump_log/record_text.h"

namespace gregor::tools {

namespace {

// Length of the valid UTF-8 sequence at the start of `s` (1-4), or 0 if it is not one.
size_t utf8_sequence_length(byte_span s) {
  uint8_t b = s[0];
  size_t n;
  uint32_t min;
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0)
    n = 2, min = 0x80;
  else if ((b & 0xF0) == 0xE0)
    n = 3, min = 0x800;
  else if ((b & 0xF8) == 0xF0)
    n = 4, min = 0x10000;
  else
    return 0;
  if (s.size() < n) return 0;
  uint32_t cp = b & (0x7F >> n);
  for (size_t i = 1; i < n; ++i) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not valid UTF-8.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

}  // namespace

std::string utf8_text(byte_span bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    size_t n = utf8_sequence_length(bytes);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      n = 1;
    } else {
      out.append(reinterpret_cast<const char*>(bytes.data()), n);
    }
    bytes = bytes.subspan(n);
  }
  return out;
}

record_text plain_record_text(const std::optional<byte_span>& key, const std::optional<byte_span>& value) {
  record_text text;
  if (key) text.first = utf8_text(*key);
  if (value) text.second = utf8_text(*value);
  return text;
}

}  // namespace gregor::tools
