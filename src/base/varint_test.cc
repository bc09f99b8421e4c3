#include "base/varint.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace gregor {
namespace {

TEST(Varint, ZigzagMapsSmallMagnitudesToSmallCodes) {
  EXPECT_EQ(zigzag_encode(0), 0u);
  EXPECT_EQ(zigzag_encode(-1), 1u);
  EXPECT_EQ(zigzag_encode(1), 2u);
  EXPECT_EQ(zigzag_encode(-2), 3u);
  EXPECT_EQ(zigzag_decode(zigzag_encode(std::numeric_limits<int64_t>::min())), std::numeric_limits<int64_t>::min());
}

TEST(Varint, UnsignedRoundTripAndSizes) {
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, 16383ull, 16384ull, 0xffffffffull, ~0ull}) {
    uint8_t buf[10];
    size_t n = put_uvarint(buf, v);
    EXPECT_EQ(n, uvarint_size(v));
    uint64_t back = 0;
    EXPECT_EQ(get_uvarint(buf, n, back), n);
    EXPECT_EQ(back, v);
  }
  uint8_t three_hundred[] = {0xac, 0x02};
  uint64_t v = 0;
  EXPECT_EQ(get_uvarint(three_hundred, 2, v), 2u);
  EXPECT_EQ(v, 300u);
}

TEST(Varint, TruncatedAndOverlongInputsAreRejected) {
  uint8_t truncated[] = {0x80, 0x80};
  uint64_t v;
  EXPECT_EQ(get_uvarint(truncated, 2, v), 0u);
  uint8_t six_bytes[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  int32_t i32;
  EXPECT_EQ(get_varint32(six_bytes, 6, i32), 0u);
}

TEST(Varint, SignedRoundTrip) {
  for (int64_t v : std::initializer_list<int64_t>{0, -1, 1, -64, 64, -1000000, int64_t{1} << 40, std::numeric_limits<int64_t>::max()}) {
    uint8_t buf[10];
    size_t n = put_varint(buf, v);
    int64_t back;
    EXPECT_EQ(get_varint64(buf, n, back), n);
    EXPECT_EQ(back, v);
  }
}

}  // namespace
}  // namespace gregor
