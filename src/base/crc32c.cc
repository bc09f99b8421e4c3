// CRC-32C in three interleaved hardware streams.
//
// The crc32 instruction has a latency of 3 cycles but a throughput of 1 per cycle, so one
// dependency chain leaves two thirds of the unit idle. We checksum three adjacent blocks at once
// and merge the three partial results with GF(2) polynomial arithmetic: shifting a CRC state over
// n zero bytes is a multiplication by x^(8n) modulo the polynomial.
#include "base/crc32c.h"

#include <cstring>
#include <nmmintrin.h>

namespace gregor {
namespace {

constexpr uint32_t castagnoli_reflected = 0x82f63b78u;

struct crc_table {
  uint32_t entries[256];
  constexpr crc_table() : entries{} {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ castagnoli_reflected : c >> 1;
      entries[i] = c;
    }
  }
};
constexpr crc_table table;

uint32_t software_update(uint32_t state, const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) state = table.entries[(state ^ p[i]) & 0xff] ^ (state >> 8);
  return state;
}

// a(x) * b(x) mod P in the reflected bit order the CRC uses (bit 31 is x^0).
uint32_t multiply_mod_p(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t bit = 1u << 31; bit != 0; bit >>= 1) {
    if (a & bit) product ^= b;
    b = (b & 1) ? (b >> 1) ^ castagnoli_reflected : b >> 1;
  }
  return product;
}

// x^(8 * bytes) mod P: the factor that moves a CRC state past `bytes` zero bytes.
uint32_t shift_factor(uint64_t bytes) {
  uint32_t result = 1u << 31;          // x^0
  uint32_t square = 1u << 23;          // x^8
  while (bytes != 0) {
    if (bytes & 1) result = multiply_mod_p(result, square);
    square = multiply_mod_p(square, square);
    bytes >>= 1;
  }
  return result;
}

constexpr size_t stream_block = 4096;  // bytes per stream per round (3 streams = 12 KiB)

struct shift_factors {
  uint32_t one_block = shift_factor(stream_block);
  uint32_t two_blocks = shift_factor(2 * stream_block);
};

__attribute__((target("sse4.2"))) uint32_t hardware_chain(uint32_t state, const uint8_t* p, size_t n) {
  uint64_t s = state;
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    s = _mm_crc32_u64(s, word);
    p += 8;
    n -= 8;
  }
  uint32_t s32 = static_cast<uint32_t>(s);
  while (n-- > 0) s32 = _mm_crc32_u8(s32, *p++);
  return s32;
}

__attribute__((target("sse4.2"))) uint32_t hardware_update(uint32_t state, const uint8_t* p, size_t n) {
  static const shift_factors factors;
  while (n >= 3 * stream_block) {
    uint64_t a = state, b = 0, c = 0;
    const uint8_t* pa = p;
    const uint8_t* pb = p + stream_block;
    const uint8_t* pc = p + 2 * stream_block;
    for (size_t i = 0; i < stream_block; i += 8) {
      uint64_t wa, wb, wc;
      std::memcpy(&wa, pa + i, 8);
      std::memcpy(&wb, pb + i, 8);
      std::memcpy(&wc, pc + i, 8);
      a = _mm_crc32_u64(a, wa);
      b = _mm_crc32_u64(b, wb);
      c = _mm_crc32_u64(c, wc);
    }
    state = multiply_mod_p(factors.two_blocks, static_cast<uint32_t>(a)) ^
            multiply_mod_p(factors.one_block, static_cast<uint32_t>(b)) ^ static_cast<uint32_t>(c);
    p += 3 * stream_block;
    n -= 3 * stream_block;
  }
  return hardware_chain(state, p, n);
}

const bool has_sse42 = __builtin_cpu_supports("sse4.2");

}  // namespace

uint32_t crc32c(const void* data, size_t size, uint32_t previous) {
  const auto* p = static_cast<const uint8_t*>(data);
  uint32_t state = ~previous;
  state = has_sse42 ? hardware_update(state, p, size) : software_update(state, p, size);
  return ~state;
}

uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t length_b) {
  return multiply_mod_p(shift_factor(length_b), crc_a) ^ crc_b;
}

bool crc32c_is_hardware_accelerated() { return has_sse42; }

}  // namespace gregor
