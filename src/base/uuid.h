// uuid: 16 raw bytes, as Kafka's topic ids and cluster ids.
//
// Kafka prints these ids as URL-safe base64 without padding (22 characters); we do the same.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gregor {

struct uuid {
  std::array<uint8_t, 16> bytes{};

  bool is_zero() const { return *this == uuid{}; }
  friend bool operator==(const uuid&, const uuid&) = default;
  friend auto operator<=>(const uuid&, const uuid&) = default;

  // A random version-4 uuid that is not all zeros.
  static uuid random();
  std::string to_base64() const;
  static std::optional<uuid> from_base64(std::string_view text);
};

struct uuid_hash {
  size_t operator()(const uuid& u) const noexcept;
};

}  // namespace gregor
