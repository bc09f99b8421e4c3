#include <gtest/gtest.h>

#include "storage/log.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using testing::make_batch;

class RetentionTest : public ::testing::Test {
 protected:
  std::shared_ptr<log> open_log() {
    log_open_options o;
    o.dir = dir.path / "t-0";
    o.config = config;
    o.log_start_offset = 0;
    auto l = log::open(std::move(o));
    EXPECT_TRUE(l);
    return *l;
  }
  void append(log& l, int64_t ts) {
    auto b = make_batch(1, ts, 100);
    ASSERT_TRUE(l.append(b, 0));
  }
  testing::temp_dir dir;
  log_config config = [] {
    log_config c;
    c.segment_bytes = 500;  // 3 batches (161 bytes) per segment
    return c;
  }();
};

TEST_F(RetentionTest, DeletesSegmentsPastRetentionMsButNeverTheActiveOne) {
  config.retention_ms = 1000;
  auto l = open_log();
  for (int i = 0; i < 9; ++i) append(*l, 10'000 + i * 100);  // segments [0..2] [3..5] [6..8]
  ASSERT_EQ(l->segment_count(), 3u);
  EXPECT_EQ(l->apply_retention(11'200), 0u);   // newest of segment 0 is 10'200: 1000 ms old, not more
  EXPECT_EQ(l->apply_retention(11'201), 1u);
  EXPECT_EQ(l->log_start_offset(), 3);
  EXPECT_FALSE(std::filesystem::exists(dir.path / "t-0" / "00000000000000000000.log"));
  EXPECT_EQ(l->apply_retention(100'000), 1u);  // the active segment stays
  EXPECT_EQ(l->segment_count(), 1u);
  EXPECT_EQ(l->log_start_offset(), 6);
  EXPECT_EQ(l->read(5, 1000, true, 9).error(), storage_error::offset_out_of_range);
}

TEST_F(RetentionTest, DeletesOldestSegmentsBeyondRetentionBytes) {
  config.retention_bytes = 700;
  auto l = open_log();
  for (int i = 0; i < 12; ++i) append(*l, 0);  // 4 segments of 483 bytes
  EXPECT_EQ(l->size_bytes(), 12u * 161);
  // 1932 - 700 = 1232 excess: two 483-byte segments fit in it, a third does not.
  EXPECT_EQ(l->apply_retention(0), 2u);
  EXPECT_EQ(l->log_start_offset(), 6);
  EXPECT_EQ(l->size_bytes(), 6u * 161);
}

TEST_F(RetentionTest, NothingIsDeletedWithoutDeletePolicyOrAboveHighWatermark) {
  config.retention_bytes = 0;
  config.delete_enabled = false;
  auto l = open_log();
  for (int i = 0; i < 9; ++i) append(*l, 0);
  EXPECT_EQ(l->apply_retention(0), 0u);
  config.delete_enabled = true;
  l->update_config(config);
  l->set_high_watermark(4);  // only segment [0..2] is wholly below the HW
  EXPECT_EQ(l->apply_retention(0), 1u);
  EXPECT_EQ(l->log_start_offset(), 3);
}

TEST_F(RetentionTest, DeleteRecordsMovesLogStartAndDropsWholeSegments) {
  auto l = open_log();
  for (int i = 0; i < 9; ++i) append(*l, 0);
  EXPECT_FALSE(l->delete_records_before(10));  // above the high watermark
  ASSERT_TRUE(l->delete_records_before(4));
  EXPECT_EQ(l->log_start_offset(), 4);
  EXPECT_EQ(l->segment_count(), 2u);
  EXPECT_EQ(l->read(3, 1000, true, 9).error(), storage_error::offset_out_of_range);
  auto r = l->read(4, 1 << 20, true, 9);
  ASSERT_TRUE(r);
  EXPECT_EQ(testing::headers_of(r->data.span()).at(0).base_offset, 4);
  EXPECT_EQ(l->offset_for_timestamp(0)->first, 4);
  ASSERT_TRUE(l->delete_records_before(9));  // everything: only the active segment remains
  EXPECT_EQ(l->segment_count(), 1u);
  EXPECT_TRUE(l->read(9, 1000, true, 9)->data.empty());
}

}  // namespace
}  // namespace gregor::storage
