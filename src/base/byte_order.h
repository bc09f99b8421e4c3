// Big-endian loads and stores: the Kafka protocol and its on-disk formats are big-endian.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace gregor {

template <class T>
constexpr T byteswap_value(T v) {
  if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(static_cast<uint16_t>(v)));
  else if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(static_cast<uint32_t>(v)));
  else if constexpr (sizeof(T) == 8) return static_cast<T>(__builtin_bswap64(static_cast<uint64_t>(v)));
  else return v;
}

template <class T>
inline T load_be(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) v = byteswap_value(v);
  return v;
}

template <class T>
inline void store_be(uint8_t* p, T v) {
  if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) v = byteswap_value(v);
  std::memcpy(p, &v, sizeof v);
}

}  // namespace gregor
