#include "client/partitioning/murmur2.h"

namespace gregor::client {

namespace {
constexpr uint32_t seed = 0x9747b28c;
constexpr uint32_t m = 0x5bd1e995;
constexpr int r = 24;
}  // namespace

int32_t murmur2(std::span<const uint8_t> data) {
  // Unsigned arithmetic wraps exactly like Java's int overflow, and >> on uint32_t is Java's >>>.
  const size_t length = data.size();
  uint32_t h = seed ^ static_cast<uint32_t>(length);

  size_t i = 0;
  for (; i + 4 <= length; i += 4) {
    uint32_t k = static_cast<uint32_t>(data[i]) | static_cast<uint32_t>(data[i + 1]) << 8 |
                 static_cast<uint32_t>(data[i + 2]) << 16 | static_cast<uint32_t>(data[i + 3]) << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }

  // The 1-3 trailing bytes, highest first, each falling through to the next.
  switch (length - i) {
    case 3: h ^= static_cast<uint32_t>(data[i + 2]) << 16; [[fallthrough]];
    case 2: h ^= static_cast<uint32_t>(data[i + 1]) << 8; [[fallthrough]];
    case 1:
      h ^= static_cast<uint32_t>(data[i]);
      h *= m;
  }

  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

}  // namespace gregor::client
