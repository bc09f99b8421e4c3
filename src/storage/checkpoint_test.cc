#include <gtest/gtest.h>

#include "storage/checkpoint_file.h"
#include "storage/log_files.h"
#include "storage/meta_properties.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

TEST(OffsetCheckpoint, FormatsKafkaText) {
  std::vector<partition_offset> entries{{"orders", 0, 42}, {"orders", 1, 7}};
  EXPECT_EQ(format_offset_checkpoint(entries), "0\n2\norders 0 42\norders 1 7\n");
  EXPECT_EQ(format_offset_checkpoint({}), "0\n0\n");
}

TEST(OffsetCheckpoint, RoundTrips) {
  std::vector<partition_offset> entries{{"a-b.c_d", 3, 1234567890123}, {"x", 0, 0}};
  auto parsed = parse_offset_checkpoint(format_offset_checkpoint(entries));
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(*parsed, entries);
}

TEST(OffsetCheckpoint, RejectsWrongVersionCountOrLine) {
  EXPECT_FALSE(parse_offset_checkpoint("1\n0\n"));
  EXPECT_FALSE(parse_offset_checkpoint("0\n2\nt 0 1\n"));
  EXPECT_FALSE(parse_offset_checkpoint("0\n1\nt 0\n"));
  EXPECT_FALSE(parse_offset_checkpoint("0\n1\nt x 1\n"));
  EXPECT_FALSE(parse_offset_checkpoint(""));
}

TEST(LeaderEpochCheckpoint, FormatsAndRoundTrips) {
  std::vector<epoch_entry> entries{{0, 0}, {3, 100}};
  EXPECT_EQ(format_leader_epoch_checkpoint(entries), "0\n2\n0 0\n3 100\n");
  auto parsed = parse_leader_epoch_checkpoint("0\n2\n0 0\n3 100\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, entries);
}

TEST(PartitionMetadata, FormatsAndRoundTrips) {
  uuid id = uuid::random();
  std::string text = format_partition_metadata(id);
  EXPECT_EQ(text, "version: 0\ntopic_id: " + id.to_base64() + "\n");
  auto parsed = parse_partition_metadata(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, id);
  EXPECT_FALSE(parse_partition_metadata("version: 1\ntopic_id: " + id.to_base64() + "\n"));
}

TEST(MetaProperties, RoundTripsVersion1) {
  meta_properties m{1, 3, "abcdefghijklmnopqrstuv", "AAAAAAAAAAAAAAAAAAAAAA"};
  auto parsed = parse_meta_properties(format_meta_properties(m));
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(*parsed, m);
}

TEST(MetaProperties, ReadsKafkaVersion0WithBrokerId) {
  auto parsed = parse_meta_properties("#\n#Tue Jan 01 00:00:00 UTC 2024\nversion=0\nbroker.id=5\ncluster.id=xyz\n");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->version, 0);
  EXPECT_EQ(parsed->node_id, 5);
  EXPECT_EQ(parsed->cluster_id, "xyz");
}

TEST(LogFiles, SegmentNamesAreTwentyDigits) {
  EXPECT_EQ(segment_file_name(0, log_suffix), "00000000000000000000.log");
  EXPECT_EQ(segment_file_name(1234, index_suffix), "00000000000000001234.index");
  EXPECT_EQ(parse_segment_file_name("00000000000000001234.timeindex", time_index_suffix), 1234);
  EXPECT_FALSE(parse_segment_file_name("0000000000000001234.log", log_suffix));
  EXPECT_FALSE(parse_segment_file_name("00000000000000001234.log.deleted", log_suffix));
}

TEST(LogFiles, PartitionDirNames) {
  auto tp = parse_partition_dir_name("my-topic-12");
  ASSERT_TRUE(tp);
  EXPECT_EQ(tp->topic, "my-topic");
  EXPECT_EQ(tp->partition, 12);
  EXPECT_FALSE(parse_partition_dir_name("my-topic-1.0123-delete"));
  EXPECT_FALSE(parse_partition_dir_name("nodash"));
  uuid id;
  id.bytes[0] = 0xab;
  EXPECT_EQ(deleted_partition_dir_name("t", 0, id), "t-0.ab000000000000000000000000000000-delete");
}

TEST(AtomicWrite, ReplacesFileAndLeavesNoTemp) {
  testing::temp_dir dir;
  auto p = dir.path / "recovery-point-offset-checkpoint";
  ASSERT_TRUE(write_offset_checkpoint(fs::posix_fs(), p, {{"t", 0, 1}}));
  ASSERT_TRUE(write_offset_checkpoint(fs::posix_fs(), p, {{"t", 0, 2}}));
  EXPECT_EQ(testing::read_text(p), "0\n1\nt 0 2\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path / "recovery-point-offset-checkpoint.tmp"));
  auto back = read_offset_checkpoint(fs::posix_fs(), p);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->at(0).offset, 2);
}

}  // namespace
}  // namespace gregor::storage
