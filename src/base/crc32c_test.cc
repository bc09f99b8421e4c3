#include "base/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace gregor {
namespace {

// Bitwise reference implementation, independent of both production paths.
uint32_t reference_crc32c(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
  }
  return ~c;
}

TEST(Crc32c, MatchesPublishedCheckValue) {
  // The standard check value of CRC-32C over the ASCII digits "123456789".
  const std::string digits = "123456789";
  EXPECT_EQ(crc32c(digits.data(), digits.size()), 0xe3069283u);
}

TEST(Crc32c, EmptyInputIsZero) { EXPECT_EQ(crc32c(nullptr, 0), 0u); }

TEST(Crc32c, MatchesReferenceAcrossSizesThatCrossTheInterleavedBlocks) {
  std::mt19937 rng(7);
  std::vector<uint8_t> data(64 * 1024 + 13);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  for (size_t n : {1u, 7u, 8u, 63u, 4095u, 12287u, 12288u, 12289u, 24576u, 40000u, 65549u}) {
    EXPECT_EQ(crc32c(data.data(), n), reference_crc32c(data.data(), n)) << "size " << n;
  }
}

TEST(Crc32c, ContinuingEqualsOneShot) {
  std::vector<uint8_t> data(50000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31 + 7);
  uint32_t first = crc32c(data.data(), 20001);
  uint32_t both = crc32c(data.data() + 20001, data.size() - 20001, first);
  EXPECT_EQ(both, crc32c(data.data(), data.size()));
}

TEST(Crc32cCombine, JoinsPiecesOfEveryLength) {
  std::string data;
  for (int i = 0; i < 70000; ++i) data.push_back(static_cast<char>(i * 7 + i / 13));
  for (size_t split : {0u, 1u, 40u, 4095u, 12288u, 50000u, 70000u}) {
    uint32_t a = crc32c(data.data(), split);
    uint32_t b = crc32c(data.data() + split, data.size() - split);
    EXPECT_EQ(crc32c_combine(a, b, data.size() - split), crc32c(data.data(), data.size())) << split;
  }
  // The known check value of CRC-32C, "123456789" -> 0xE3069283, from two pieces.
  EXPECT_EQ(crc32c_combine(crc32c("1234", 4), crc32c("56789", 5), 5), 0xE3069283u);
}

}  // namespace
}  // namespace gregor
