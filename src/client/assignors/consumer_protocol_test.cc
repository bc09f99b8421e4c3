// The embedded consumer protocol: golden bytes (v0 produced by kafka-python's schema, later
// versions written out from the spec), round trips, forward compatibility, truncation.
#include "client/assignors/consumer_protocol.h"

#include <gtest/gtest.h>

#include "client/assignors/sticky_user_data.h"

namespace gregor::client {
namespace {

std::vector<uint8_t> from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}
shared_bytes bytes(std::string_view hex) { return shared_bytes::adopt(from_hex(hex)); }
std::vector<uint8_t> vec(const shared_bytes& b) { return {b.data(), b.data() + b.size()}; }

TEST(ConsumerProtocol, SubscriptionV0MatchesKafkaPython) {
  consumer_subscription s;
  s.topics = {"t0", "topic1"};
  s.user_data = shared_bytes::copy_of(std::string_view("\x01\x02", 2));
  EXPECT_EQ(vec(encode_subscription(s, 0)), from_hex("000000000002000274300006746f70696331000000020102"));

  auto back = decode_subscription(bytes("00000000000100027430ffffffff"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->version, 0);
  EXPECT_EQ(back->topics, std::vector<std::string>{"t0"});
  EXPECT_FALSE(back->user_data);
  EXPECT_EQ(back->generation_id, -1);
}

TEST(ConsumerProtocol, SubscriptionV3CarriesOwnedPartitionsGenerationAndRack) {
  const char* golden =
      "0003"                              // version 3
      "00000001" "00027430"               // topics ["t0"]
      "ffffffff"                          // user_data null
      "00000001" "00027430" "00000001" "00000001"  // owned [t0: [1]]
      "00000007"                          // generation 7
      "00027231";                         // rack "r1"
  consumer_subscription s;
  s.topics = {"t0"};
  s.owned_partitions = {{"t0", {1}}};
  s.generation_id = 7;
  s.rack_id = "r1";
  EXPECT_EQ(vec(encode_subscription(s)), from_hex(golden));

  auto back = decode_subscription(bytes(golden));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->version, 3);
  EXPECT_EQ(back->owned_partitions, s.owned_partitions);
  EXPECT_EQ(back->generation_id, 7);
  EXPECT_EQ(back->rack_id, "r1");
}

TEST(ConsumerProtocol, SubscriptionRoundTripsAtEveryVersion) {
  consumer_subscription s;
  s.topics = {"a", "b"};
  s.user_data = encode_sticky_user_data({{{"a", 0}}, 3});
  s.owned_partitions = {{"a", {0, 4}}, {"b", {2}}};
  s.generation_id = 9;
  s.rack_id = "rack";
  for (int16_t v = 0; v <= 3; ++v) {
    auto back = decode_subscription(encode_subscription(s, v));
    ASSERT_TRUE(back) << v;
    EXPECT_EQ(back->topics, s.topics);
    EXPECT_EQ(back->user_data, s.user_data);
    EXPECT_EQ(back->owned_partitions.size(), v >= 1 ? 2u : 0u);
    EXPECT_EQ(back->generation_id, v >= 2 ? 9 : -1);
    EXPECT_EQ(back->rack_id, v >= 3 ? std::optional<std::string>("rack") : std::nullopt);
  }
}

TEST(ConsumerProtocol, NewerVersionsAreReadWithTheNewestKnownLayout) {
  consumer_subscription s;
  s.topics = {"t"};
  s.generation_id = 4;
  auto encoded = vec(encode_subscription(s, 3));
  encoded[1] = 9;                                  // claim version 9
  encoded.insert(encoded.end(), {0xde, 0xad});     // with a field we do not know
  auto back = decode_subscription(shared_bytes::adopt(std::move(encoded)));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->version, 9);
  EXPECT_EQ(back->topics, s.topics);
  EXPECT_EQ(back->generation_id, 4);
}

TEST(ConsumerProtocol, TruncatedOrNegativeVersionIsRejected) {
  consumer_subscription s;
  s.topics = {"topic"};
  s.owned_partitions = {{"topic", {1, 2}}};
  auto full = vec(encode_subscription(s, 1));
  for (size_t n = 0; n < full.size(); ++n)
    EXPECT_FALSE(decode_subscription(shared_bytes::copy_of(std::span(full.data(), n)))) << "prefix " << n;
  EXPECT_FALSE(decode_subscription(bytes("ffff00000000ffffffff")));
}

TEST(ConsumerProtocol, AssignmentV0MatchesKafkaPython) {
  consumer_assignment a;
  a.assigned_partitions = {{"t0", {0, 2}}, {"t1", {1}}};
  EXPECT_EQ(vec(encode_assignment(a, 0)),
            from_hex("00000000000200027430000000020000000000000002000274310000000100000001ffffffff"));
  auto back = decode_assignment(bytes("0000000000020002743000000002000000000000000200027431000000010000000100000000"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->assigned_partitions, a.assigned_partitions);
  ASSERT_TRUE(back->user_data);
  EXPECT_TRUE(back->user_data->empty());
}

TEST(ConsumerProtocol, EmptyAssignmentBytesMeanNothingAssigned) {
  auto back = decode_assignment(shared_bytes{});
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->assigned_partitions.empty());
  EXPECT_FALSE(decode_assignment(bytes("00")));
}

TEST(ConsumerProtocol, FlattenAndGroupByTopicAreInverse) {
  std::vector<topic_partition> flat{{"b", 1}, {"a", 2}, {"a", 0}};
  auto grouped = group_by_topic(flat);
  ASSERT_EQ(grouped.size(), 2u);
  EXPECT_EQ(grouped[0], (consumer_topic_partitions{"a", {0, 2}}));
  EXPECT_EQ(grouped[1], (consumer_topic_partitions{"b", {1}}));
  EXPECT_EQ(flatten(grouped), (std::vector<topic_partition>{{"a", 0}, {"a", 2}, {"b", 1}}));
}

}  // namespace
}  // namespace gregor::client
