// payload_source: the record values producer-perf-test sends.
//
// Either one value of --record-size random uppercase letters, made once and sent for every record,
// or the pieces of a --payload-file split at --payload-delimiter, one picked at random per record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gregor::tools {

class payload_source {
 public:
  // `size` random letters A-Z.
  static payload_source random_letters(size_t size);
  // The non-empty pieces of the file at `path` between occurrences of `delimiter` (taken
  // literally). Throws tool_error when the file cannot be read or holds no payload.
  static payload_source from_file(const std::string& path, const std::string& delimiter);

  // The value of the next record.
  std::string_view next() {
    if (payloads_.size() == 1) return payloads_.front();
    return payloads_[random_below(payloads_.size())];
  }
  size_t count() const { return payloads_.size(); }

 private:
  explicit payload_source(std::vector<std::string> payloads);
  // splitmix64: fast, and plenty random for choosing among payloads.
  size_t random_below(size_t n) {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<size_t>(z % n);
  }

  std::vector<std::string> payloads_;
  uint64_t state_;
};

// --payload-delimiter as typed: the escapes \n, \r, \t and \\ stand for their characters (so the
// default "\n" works whether or not the shell turned it into a newline).
std::string unescape_delimiter(const std::string& text);

}  // namespace gregor::tools
