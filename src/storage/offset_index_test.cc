#include <gtest/gtest.h>

#include "storage/offset_index.h"
#include "storage/test_batches.h"
#include "storage/time_index.h"

namespace gregor::storage {
namespace {

class IndexTest : public ::testing::Test {
 protected:
  testing::temp_dir dir;
  std::shared_ptr<fs::open_file_cache> files = fs::open_file_cache::create(fs::posix_fs(), 64);
  fs::open_file_cache& fs = *files;
};

TEST_F(IndexTest, OffsetIndexStartsEmptyAndLookupReturnsFloorEntry) {
  auto index = offset_index::create(fs, dir.path / "00000000000000000100.index", 100, 1024);
  ASSERT_TRUE(index);
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000100.index"), 0u);
  auto& ix = **index;
  EXPECT_EQ(ix.lookup(150)->position, 0u);
  EXPECT_EQ(ix.lookup(150)->offset, 100);
  ASSERT_TRUE(ix.append(110, 4000));
  ASSERT_TRUE(ix.append(120, 8000));
  ASSERT_TRUE(ix.append(130, 12000));
  EXPECT_EQ(ix.lookup(109)->position, 0u);
  EXPECT_EQ(ix.lookup(110)->position, 4000u);
  EXPECT_EQ(ix.lookup(119)->position, 4000u);
  EXPECT_EQ(ix.lookup(125)->position, 8000u);
  EXPECT_EQ(ix.lookup(1000)->position, 12000u);
  EXPECT_FALSE(ix.append(125, 13000));  // out of order
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000100.index"), 24u);
}

TEST_F(IndexTest, IndexReopensWithBigEndianEntries) {
  auto p = dir.path / "00000000000000000000.index";
  {
    auto ix = offset_index::create(fs, p, 0, 1024);
    ASSERT_TRUE((*ix)->append(5, 4097));
    ASSERT_TRUE((*ix)->append(9, 8200));
  }
  std::string raw = testing::read_text(p);
  ASSERT_EQ(raw.size(), 16u);
  EXPECT_EQ(raw.substr(0, 8), std::string("\0\0\0\x05\0\0\x10\x01", 8));
  auto ix = offset_index::open(fs, p, 0, 1024);
  ASSERT_TRUE(ix);
  EXPECT_EQ((*ix)->entries(), 2u);
  EXPECT_EQ((*ix)->lookup(9)->position, 8200u);
}

TEST_F(IndexTest, ZeroTailIsIgnoredOnLoadAndCutByTheNextAppend) {
  auto p = dir.path / "00000000000000000000.index";
  {
    auto ix = offset_index::create(fs, p, 0, 4096);
    ASSERT_TRUE((*ix)->append(5, 4097));
  }
  // A preallocated file that was not trimmed (older Gregor, or Kafka, then a crash).
  std::filesystem::resize_file(p, 4096);
  auto ix = offset_index::open(fs, p, 0, 4096);
  EXPECT_EQ((*ix)->entries(), 1u);
  ASSERT_TRUE((*ix)->append(7, 5000));
  EXPECT_EQ(std::filesystem::file_size(p), 16u);
  auto again = offset_index::open(fs, p, 0, 4096);
  EXPECT_EQ((*again)->entries(), 2u);
  EXPECT_EQ((*again)->lookup(8)->position, 5000u);
}

TEST_F(IndexTest, FullAtMaxEntriesAndTruncateRemovesTail) {
  auto ix = offset_index::create(fs, dir.path / "x.index", 0, 24);
  auto& i = **ix;
  EXPECT_EQ(i.max_entries(), 3u);
  ASSERT_TRUE(i.append(1, 100));
  ASSERT_TRUE(i.append(2, 200));
  EXPECT_FALSE(i.full());
  ASSERT_TRUE(i.append(3, 300));
  EXPECT_TRUE(i.full());
  ASSERT_TRUE(i.truncate_to(2));
  EXPECT_EQ(i.entries(), 1u);
  EXPECT_EQ(i.lookup(10)->position, 100u);
  EXPECT_EQ(std::filesystem::file_size(dir.path / "x.index"), 8u);
}

TEST_F(IndexTest, TimeIndexAppendsOnlyIncreasingTimestamps) {
  auto ti = time_index::create(fs, dir.path / "00000000000000000050.timeindex", 50, 1200);
  auto& t = **ti;
  EXPECT_EQ(t.last_entry()->timestamp, -1);
  ASSERT_TRUE(t.maybe_append(1000, 55));
  ASSERT_TRUE(t.maybe_append(900, 60));  // ignored: not above 1000
  ASSERT_TRUE(t.maybe_append(2000, 70));
  EXPECT_EQ(t.entries(), 2u);
  EXPECT_EQ(t.lookup_before(1000)->timestamp, -1);
  EXPECT_EQ(t.lookup_before(1001)->offset, 55);
  EXPECT_EQ(t.lookup_floor(2000)->offset, 70);
  EXPECT_EQ(t.lookup_before(5000)->offset, 70);
  EXPECT_EQ(std::filesystem::file_size(dir.path / "00000000000000000050.timeindex"), 24u);
  auto reopened = time_index::open(fs, dir.path / "00000000000000000050.timeindex", 50, 1200);
  EXPECT_EQ((*reopened)->last_entry()->timestamp, 2000);
  EXPECT_EQ((*reopened)->last_entry()->offset, 70);
}

}  // namespace
}  // namespace gregor::storage
