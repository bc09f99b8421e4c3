// murmur2 against vectors of Kafka's Java Utils.murmur2 (its UtilsTest, plus values computed with
// kafka-python's port for binary keys, whose bytes are >= 0x80 and would expose sign mistakes).
#include "client/partitioning/murmur2.h"

#include <gtest/gtest.h>

#include <vector>

namespace gregor::client {
namespace {

TEST(Murmur2, MatchesJavaUtilsTestVectors) {
  EXPECT_EQ(murmur2("21"), -973932308);
  EXPECT_EQ(murmur2("foobar"), -790332482);
  EXPECT_EQ(murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(murmur2("abc"), 479470107);
}

TEST(Murmur2, CoversEveryTailLength) {
  EXPECT_EQ(murmur2(""), 275646681);
  EXPECT_EQ(murmur2("1"), -1993445489);
  EXPECT_EQ(murmur2("12"), 126087238);
  EXPECT_EQ(murmur2("123"), -267702483);
  EXPECT_EQ(murmur2("1234"), -1614185708);
  EXPECT_EQ(murmur2("12345"), -1188365604);
}

TEST(Murmur2, TreatsBytesAsUnsigned) {
  auto hash = [](std::vector<uint8_t> bytes) { return murmur2(std::span<const uint8_t>(bytes)); };
  EXPECT_EQ(hash({0xff}), -311467685);
  EXPECT_EQ(hash({0x80, 0xff, 0xfe}), 810766165);
  EXPECT_EQ(hash({0xff, 0xff, 0xff, 0xff, 0xff}), -363838622);
  EXPECT_EQ(hash({0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86}), -47880214);
  EXPECT_EQ(hash({0, 0, 0, 0}), 850957120);
}

TEST(Murmur2, ToPositiveClearsOnlyTheSignBit) {
  EXPECT_EQ(to_positive(0), 0);
  EXPECT_EQ(to_positive(5), 5);
  EXPECT_EQ(to_positive(-1), 0x7fffffff);
  EXPECT_EQ(to_positive(INT32_MIN), 0);
  EXPECT_EQ(to_positive(-973932308), -973932308 & 0x7fffffff);
}

TEST(Murmur2, PartitionIsPositiveHashModuloCount) {
  // to_positive(-790332482) = 1357151166.
  EXPECT_EQ(murmur2_partition("foobar", 7), 1357151166 % 7);
  EXPECT_EQ(murmur2_partition("abc", 10), 479470107 % 10);
  EXPECT_EQ(murmur2_partition("anything", 1), 0);
}

}  // namespace
}  // namespace gregor::client
