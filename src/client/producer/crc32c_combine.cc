#include "client/producer/crc32c_combine.h"

namespace gregor::client {

namespace {

constexpr uint32_t castagnoli_reflected = 0x82f63b78u;

// a(x) * b(x) mod P; bit 31 is the coefficient of x^0 (reflected order).
uint32_t multiply(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t bit = 1u << 31; bit != 0; bit >>= 1) {
    if (a & bit) product ^= b;
    b = (b & 1) ? (b >> 1) ^ castagnoli_reflected : b >> 1;  // b *= x
  }
  return product;
}

// x^(8 * bytes) mod P by square-and-multiply over the bits of `bytes`.
uint32_t power_of_x(size_t bytes) {
  uint32_t result = 1u << 31;  // x^0
  uint32_t square = 1u << 23;  // x^8
  while (bytes != 0) {
    if (bytes & 1) result = multiply(result, square);
    square = multiply(square, square);
    bytes >>= 1;
  }
  return result;
}

}  // namespace

uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t length_b) {
  return multiply(power_of_x(length_b), crc_a) ^ crc_b;
}

}  // namespace gregor::client
