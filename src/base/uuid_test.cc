#include "base/uuid.h"

#include <gtest/gtest.h>

namespace gregor {
namespace {

TEST(Uuid, RandomIdsAreVersion4AndDistinct) {
  uuid a = uuid::random(), b = uuid::random();
  EXPECT_NE(a, b);
  EXPECT_FALSE(a.is_zero());
  EXPECT_EQ(a.bytes[6] >> 4, 4);
}

TEST(Uuid, Base64RoundTripUsesKafkasUrlSafeAlphabet) {
  uuid u;
  for (int i = 0; i < 16; ++i) u.bytes[i] = static_cast<uint8_t>(0xf0 + i);
  std::string text = u.to_base64();
  EXPECT_EQ(text.size(), 22u);
  EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
  auto back = uuid::from_base64(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, u);
  EXPECT_EQ(uuid{}.to_base64(), "AAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_FALSE(uuid::from_base64("short").has_value());
}

}  // namespace
}  // namespace gregor
