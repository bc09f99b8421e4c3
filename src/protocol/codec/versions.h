// versions: an inclusive range of protocol versions, as the message specs write "3+" or "1-4".
#pragma once

#include <cstdint>
#include <limits>

namespace gregor::protocol {

struct versions {
  int16_t lo = 0;
  int16_t hi = -1;  // lo > hi means "no version"

  constexpr bool contains(int16_t v) const { return v >= lo && v <= hi; }
  constexpr bool empty() const { return lo > hi; }
  friend constexpr bool operator==(versions, versions) = default;
};

constexpr int16_t latest = std::numeric_limits<int16_t>::max();
constexpr versions never{0, -1};
constexpr versions since(int16_t v) { return {v, latest}; }
constexpr versions between(int16_t lo, int16_t hi) { return {lo, hi}; }
constexpr versions all_versions = since(0);

}  // namespace gregor::protocol
