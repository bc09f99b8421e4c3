#include <gtest/gtest.h>

#include "storage/log_files.h"
#include "storage/segment.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using testing::make_batch;

class SegmentTest : public ::testing::Test {
 protected:
  // Appends a batch at `offset`, as the log would (base offset rewritten, CRC untouched).
  void append(segment& s, int64_t offset, int32_t records, int64_t ts, size_t payload = 100) {
    auto b = make_batch(records, ts, payload);
    records::set_base_offset(b.data(), offset);
    ASSERT_TRUE(s.append(b, offset + records - 1, ts, offset + records - 1));
  }
  testing::temp_dir dir;
  std::shared_ptr<fs::open_file_cache> files = fs::open_file_cache::create(fs::posix_fs(), 64);
  log_config config = [] {
    log_config c;
    c.index_interval_bytes = 300;
    c.max_index_bytes = 4096;
    return c;
  }();
};

TEST_F(SegmentTest, CreatesKafkaNamedFiles) {
  auto s = segment::create(*files, dir.path, 42, config, 0);
  ASSERT_TRUE(s);
  EXPECT_TRUE(std::filesystem::exists(dir.path / "00000000000000000042.log"));
  // Indexes are not preallocated: a file holds exactly its entries.
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000042.index"), 0u);
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000042.timeindex"), 0u);
}

TEST_F(SegmentTest, FindsTheBatchContainingAnOffset) {
  auto s = *segment::create(*files, dir.path, 0, config, 0);
  for (int i = 0; i < 20; ++i) append(*s, i * 5, 5, 1000 + i);
  EXPECT_EQ(s->next_offset(), 100);
  for (int64_t o = 0; o < 100; ++o) {
    auto from = s->index_position(o);
    ASSERT_TRUE(from);
    auto b = s->find_batch(*from, o, s->size());
    ASSERT_TRUE(b && *b);
    EXPECT_EQ((*b)->header.base_offset, o / 5 * 5) << o;
    EXPECT_EQ((*b)->position, static_cast<uint64_t>(o / 5) * 161);
  }
  auto none = s->find_batch(0, 100, s->size());
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_F(SegmentTest, IndexesEveryIntervalBytes) {
  auto s = *segment::create(*files, dir.path, 0, config, 0);
  // 161-byte batches, interval 300: an entry once more than 300 bytes went in since the last one.
  for (int i = 0; i < 10; ++i) append(*s, i, 1, 1000 + i);
  ASSERT_TRUE(s->seal());
  // Entries before batches 2, 4, 6, 8 (322 bytes accumulated each time) -> 4 entries * 8 bytes.
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000000.index"), 32u);
  // Time index: entries alongside, plus the final max on seal.
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000000.timeindex"), 60u);
  EXPECT_EQ(s->max_timestamp()->timestamp, 1009);
  EXPECT_EQ(s->max_timestamp()->offset, 9);
}

TEST_F(SegmentTest, RecoverRebuildsTheSameIndexes) {
  auto s = *segment::create(*files, dir.path, 0, config, 0);
  for (int i = 0; i < 10; ++i) append(*s, i, 1, 1000 + i);
  ASSERT_TRUE(s->seal());
  std::string index_before = testing::read_text(dir.path / "00000000000000000000.index");
  auto stats = s->recover();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->batches, 10);
  EXPECT_EQ(stats->truncated_bytes, 0u);
  ASSERT_TRUE(s->seal());
  EXPECT_EQ(testing::read_text(dir.path / "00000000000000000000.index"), index_before);
}

TEST_F(SegmentTest, ReopenLoadsTailWithoutFullScan) {
  {
    auto s = *segment::create(*files, dir.path, 10, config, 0);
    for (int i = 0; i < 10; ++i) append(*s, 10 + i * 2, 2, 5000 - i);
    ASSERT_TRUE(s->seal());
  }
  auto s = *segment::open(*files, dir.path, 10, config, 0);
  EXPECT_FALSE(s->needs_rebuild());
  ASSERT_TRUE(s->load_tail());
  EXPECT_EQ(s->next_offset(), 30);
  EXPECT_EQ(s->max_timestamp()->timestamp, 5000);
  EXPECT_EQ(s->max_timestamp()->offset, 11);
}

TEST_F(SegmentTest, MissingIndexIsRebuilt) {
  {
    auto s = *segment::create(*files, dir.path, 0, config, 0);
    for (int i = 0; i < 10; ++i) append(*s, i, 1, 1000);
    ASSERT_TRUE(s->seal());
  }
  std::filesystem::remove(dir.path / "00000000000000000000.index");
  auto s = *segment::open(*files, dir.path, 0, config, 0);
  EXPECT_TRUE(s->needs_rebuild());
  ASSERT_TRUE(s->recover());
  EXPECT_EQ(s->next_offset(), 10);
}

TEST_F(SegmentTest, TruncateToDropsTheBatchContainingTheOffsetAndAfter) {
  auto s = *segment::create(*files, dir.path, 0, config, 0);
  for (int i = 0; i < 10; ++i) append(*s, i * 3, 3, 1000 + i);
  auto next = s->truncate_to(13);  // inside batch 12..14
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, 12);
  EXPECT_EQ(s->size(), 4u * 161);
  EXPECT_EQ(s->max_timestamp()->timestamp, 1003);
  append(*s, 12, 1, 2000);
  EXPECT_EQ(s->next_offset(), 13);
}

TEST_F(SegmentTest, RollsOnSizeTimeAndOffsetOverflow) {
  config.segment_bytes = 1000;
  config.segment_ms = 100;
  auto s = *segment::create(*files, dir.path, 0, config, 0);
  EXPECT_FALSE(*s->should_roll(5000, 0, 0, 0));  // empty segments never roll
  append(*s, 0, 1, 1000);
  EXPECT_FALSE(*s->should_roll(161, 1050, 1, 0));
  EXPECT_TRUE(*s->should_roll(900, 1050, 1, 0));                          // size
  EXPECT_TRUE(*s->should_roll(161, 1101, 1, 0));                           // segment.ms by timestamps
  EXPECT_TRUE(*s->should_roll(161, 1000, int64_t{1} << 31, 0));            // relative offset overflow
}

}  // namespace
}  // namespace gregor::storage
