// crc32c_combine: joining checksums of pieces equals checksumming the whole.
#include "client/producer/crc32c_combine.h"

#include <gtest/gtest.h>

#include <string>

#include "base/crc32c.h"

namespace gregor::client {
namespace {

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
}  // namespace gregor::client
