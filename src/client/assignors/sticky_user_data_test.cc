// StickyAssignorUserData v0/v1 and the cooperative generation-only user data.
#include "client/assignors/sticky_user_data.h"

#include <gtest/gtest.h>

namespace gregor::client {
namespace {

std::vector<uint8_t> vec(const shared_bytes& b) { return {b.data(), b.data() + b.size()}; }

// previous_assignment [t0: [0, 2]], generation 5
const std::vector<uint8_t> v1_golden{0, 0, 0, 1, 0, 2, 't', '0', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 5};

TEST(StickyUserData, EncodesV1WithGeneration) {
  EXPECT_EQ(vec(encode_sticky_user_data({{{"t0", 2}, {"t0", 0}}, 5})), v1_golden);
}

TEST(StickyUserData, DecodesV1) {
  auto d = decode_sticky_user_data(shared_bytes::copy_of(std::span(v1_golden)));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->previous_assignment, (std::vector<topic_partition>{{"t0", 0}, {"t0", 2}}));
  EXPECT_EQ(d->generation, 5);
}

TEST(StickyUserData, DecodesV0WithoutGeneration) {
  std::vector<uint8_t> v0(v1_golden.begin(), v1_golden.end() - 4);
  auto d = decode_sticky_user_data(shared_bytes::copy_of(std::span(v0)));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->previous_assignment.size(), 2u);
  EXPECT_FALSE(d->generation);
  EXPECT_EQ(vec(encode_sticky_user_data({d->previous_assignment, std::nullopt})), v0);
}

TEST(StickyUserData, RejectsGarbage) {
  for (size_t n = 1; n < 20; ++n) {  // every cut inside the topic array
    std::vector<uint8_t> cut(v1_golden.begin(), v1_golden.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode_sticky_user_data(shared_bytes::copy_of(std::span(cut)))) << n;
  }
}

TEST(CooperativeUserData, IsJustTheGeneration) {
  EXPECT_EQ(vec(encode_cooperative_user_data(7)), (std::vector<uint8_t>{0, 0, 0, 7}));
  EXPECT_EQ(decode_cooperative_user_data(encode_cooperative_user_data(-1)), -1);
  EXPECT_FALSE(decode_cooperative_user_data(shared_bytes{}));
}

}  // namespace
}  // namespace gregor::client
