#include "coordinator/offsets_topic_records.h"

#include <gtest/gtest.h>

namespace gregor::coordinator {
namespace {

std::vector<uint8_t> vec(const shared_bytes& b) { return {b.data(), b.data() + b.size()}; }

TEST(OffsetsTopicRecords, PartitionForGroupIsJavasStringHashModuloCount) {
  // Expected values computed from Java's String.hashCode over UTF-16 code units, sign bit masked.
  EXPECT_EQ(partition_for_group("my-group", 50), 36);
  EXPECT_EQ(partition_for_group("test-consumer-group", 50), 17);
  EXPECT_EQ(partition_for_group("console-consumer-12345", 50), 6);
  EXPECT_EQ(partition_for_group("gr\xc3\xbcppe", 50), 36);                     // grüppe
  EXPECT_EQ(partition_for_group("\xd0\xb3\xd1\x80\xd1\x83\xd0\xbf\xd0\xbf\xd0\xb0", 50), 8);  // группа
  EXPECT_EQ(partition_for_group("\xe7\xbb\x84-\xf0\x9f\x99\x82", 50), 42);   // 组-🙂 (a surrogate pair)
  EXPECT_EQ(partition_for_group("", 50), 0);
  EXPECT_EQ(partition_for_group("anything", 1), 0);
}

TEST(OffsetsTopicRecords, OffsetCommitKeyAndValueHaveKafkasLayout) {
  auto key = encode_key(offset_commit_key{"g", "t", 3});
  EXPECT_EQ(vec(key), (std::vector<uint8_t>{0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 3}));
  auto value = encode_value(offset_commit_value{42, 7, "m", 1000, -1});
  EXPECT_EQ(vec(value), (std::vector<uint8_t>{0, 3, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 7, 0, 1, 'm',
                                              0, 0, 0, 0, 0, 0, 0x03, 0xe8}));
  auto decoded = decode_record(key, value);
  ASSERT_TRUE(decoded);
  auto& r = std::get<offset_record>(*decoded);
  EXPECT_EQ(r.key.topic, "t");
  ASSERT_TRUE(r.value);
  EXPECT_EQ(r.value->offset, 42);
  EXPECT_EQ(r.value->leader_epoch, 7);
  EXPECT_EQ(r.value->commit_timestamp, 1000);
}

TEST(OffsetsTopicRecords, GroupMetadataRoundTripsAndTombstonesDecode) {
  group_metadata_value v;
  v.protocol_type = "consumer";
  v.generation = 5;
  v.protocol = "range";
  v.leader = "m-1";
  v.current_state_timestamp = 99;
  v.members.push_back({"m-1", "inst", "client", "/127.0.0.1", 30000, 10000, shared_bytes::copy_of("sub"),
                       shared_bytes::copy_of("asg")});
  auto key = encode_key(group_metadata_key{"g"});
  auto decoded = decode_record(key, encode_value(v));
  ASSERT_TRUE(decoded);
  auto& r = std::get<group_record>(*decoded);
  ASSERT_TRUE(r.value);
  EXPECT_EQ(*r.value, v);
  auto tombstone = decode_record(key, std::nullopt);
  ASSERT_TRUE(tombstone);
  EXPECT_FALSE(std::get<group_record>(*tombstone).value);
}

TEST(OffsetsTopicRecords, OlderValueVersionsDecode) {
  // Offset commit value v1 (with an expire timestamp), as older brokers wrote it.
  std::vector<uint8_t> v1{0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2};
  auto decoded = decode_record(encode_key(offset_commit_key{"g", "t", 0}), shared_bytes::copy_of(
      byte_span(v1.data(), v1.size())));
  ASSERT_TRUE(decoded);
  auto& value = *std::get<offset_record>(*decoded).value;
  EXPECT_EQ(value.offset, 9);
  EXPECT_EQ(value.commit_timestamp, 1);
  EXPECT_EQ(value.expire_timestamp, 2);
}

TEST(OffsetsTopicRecords, GarbageIsRejectedNotCrashed) {
  EXPECT_FALSE(decode_record(shared_bytes::copy_of("\x00"), std::nullopt));
  EXPECT_FALSE(decode_record(shared_bytes::copy_of(std::string_view("\x00\x07xx", 4)), std::nullopt));
  EXPECT_FALSE(decode_record(encode_key(offset_commit_key{"g", "t", 0}), shared_bytes::copy_of("\x00\x03")));
}

}  // namespace
}  // namespace gregor::coordinator
