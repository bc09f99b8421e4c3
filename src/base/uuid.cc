#include "base/uuid.h"

#include <cstring>
#include <random>

namespace gregor {
namespace {
constexpr char base64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64_value(char c) {
  const char* p = std::strchr(base64_url, c);
  return (p && c) ? static_cast<int>(p - base64_url) : -1;
}
}  // namespace

uuid uuid::random() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  uuid u;
  do {
    for (int i = 0; i < 16; i += 8) {
      uint64_t r = engine();
      std::memcpy(u.bytes.data() + i, &r, 8);
    }
    u.bytes[6] = static_cast<uint8_t>((u.bytes[6] & 0x0f) | 0x40);
    u.bytes[8] = static_cast<uint8_t>((u.bytes[8] & 0x3f) | 0x80);
  } while (u.is_zero());
  return u;
}

std::string uuid::to_base64() const {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(base64_url[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(base64_url[(acc << (6 - bits)) & 0x3f]);
  return out;
}

std::optional<uuid> uuid::from_base64(std::string_view text) {
  if (text.size() != 22) return std::nullopt;
  uuid u;
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : text) {
    int v = base64_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n < 16) u.bytes[n++] = static_cast<uint8_t>(acc >> bits);
    }
  }
  return n == 16 ? std::optional<uuid>(u) : std::nullopt;
}

size_t uuid_hash::operator()(const uuid& u) const noexcept {
  uint64_t a, b;
  std::memcpy(&a, u.bytes.data(), 8);
  std::memcpy(&b, u.bytes.data() + 8, 8);
  return std::hash<uint64_t>{}(a ^ (b * 0x9e3779b97f4a7c15ull));
}

}  // namespace gregor
