#include "storage/cleanable_range.h"

#include <gtest/gtest.h>

namespace gregor::storage {
namespace {

// A snapshot of non-active segments with these bases and sizes; the active segment starts at `active`.
log_snapshot snapshot(std::vector<std::pair<int64_t, uint64_t>> segments, int64_t active, int64_t cleaner_offset) {
  log_snapshot s;
  for (auto [base, size] : segments) s.segments.push_back({nullptr, base, size});
  s.active_base_offset = active;
  s.high_watermark = active + 10;
  s.cleaner_offset = cleaner_offset;
  s.config.compact_enabled = true;
  return s;
}

TEST(CleanableRange, DirtyRatioDecides) {
  // Clean: [0,100) 1000 bytes. Dirty: [100,200) 600 + [200,300) 400 bytes.
  auto s = snapshot({{0, 1000}, {100, 600}, {200, 400}}, 300, 100);
  s.config.min_cleanable_dirty_ratio = 0.5;
  auto r = assess_cleanable_range(s, 0);
  EXPECT_EQ(r.first_dirty, 100);
  EXPECT_EQ(r.first_uncleanable, 300);
  EXPECT_EQ(r.clean_bytes, 1000u);
  EXPECT_EQ(r.dirty_bytes, 1000u);
  EXPECT_DOUBLE_EQ(r.dirty_ratio, 0.5);
  EXPECT_TRUE(r.should_clean);  // the ratio is reached
  EXPECT_EQ(r.rewritable_segments, 3u);
  s.config.min_cleanable_dirty_ratio = 0.51;
  EXPECT_FALSE(assess_cleanable_range(s, 0).should_clean);
  s.config.compact_enabled = false;
  s.config.min_cleanable_dirty_ratio = 0;
  EXPECT_FALSE(assess_cleanable_range(s, 0).should_clean);
}

TEST(CleanableRange, SegmentSplitByTheCheckpointCountsAsCleanAndDirty) {
  auto s = snapshot({{0, 100}, {100, 300}}, 200, 150);
  auto r = assess_cleanable_range(s, 0);
  EXPECT_EQ(r.clean_bytes, 400u);
  EXPECT_EQ(r.dirty_bytes, 300u);
}

TEST(CleanableRange, NothingDirtyWhenEverythingIsClean) {
  auto s = snapshot({{0, 100}, {100, 300}}, 200, 200);
  s.config.min_cleanable_dirty_ratio = 0;
  auto r = assess_cleanable_range(s, 0);
  EXPECT_EQ(r.dirty_bytes, 0u);
  EXPECT_FALSE(r.should_clean);
}

TEST(CleanableRange, MinCompactionLagHoldsBackNewSegmentsAndEverythingAfter) {
  auto s = snapshot({{0, 100}, {100, 100}, {200, 100}, {300, 100}}, 400, 0);
  s.config.min_compaction_lag_ms = 1000;
  s.config.min_cleanable_dirty_ratio = 0;
  int64_t now = 10'000;
  s.segments[0].largest_timestamp = 8'000;
  s.segments[1].largest_timestamp = 9'500;  // too new
  s.segments[2].largest_timestamp = 5'000;  // old, but after a new one
  s.segments[3].largest_timestamp = 5'000;
  auto r = assess_cleanable_range(s, now);
  EXPECT_EQ(r.first_uncleanable, 100);
  EXPECT_EQ(r.dirty_bytes, 100u);
  EXPECT_EQ(r.rewritable_segments, 1u);
  EXPECT_TRUE(r.should_clean);
  s.segments[0].largest_timestamp = 9'001;
  r = assess_cleanable_range(s, now);
  EXPECT_EQ(r.first_uncleanable, 0);
  EXPECT_FALSE(r.should_clean);
  s.segments[0].largest_timestamp = 9'000;  // exactly now - lag: old enough
  EXPECT_EQ(assess_cleanable_range(s, now).first_uncleanable, 100);
}

TEST(CleanableRange, MaxCompactionLagCleansWhateverTheRatio) {
  auto s = snapshot({{0, 10'000}, {100, 100}}, 200, 100);
  s.config.min_cleanable_dirty_ratio = 0.5;
  s.config.max_compaction_lag_ms = 60'000;
  s.segments[1].first_batch_timestamp = 100'000;
  auto r = assess_cleanable_range(s, 160'000);
  EXPECT_FALSE(r.max_lag_due);  // exactly the lag old: not yet
  EXPECT_FALSE(r.should_clean);
  r = assess_cleanable_range(s, 160'001);
  EXPECT_TRUE(r.max_lag_due);
  EXPECT_LT(r.dirty_ratio, 0.5);
  EXPECT_TRUE(r.should_clean);
  s.segments[1].first_batch_timestamp = -1;  // no timestamps: the lag cannot apply
  EXPECT_FALSE(assess_cleanable_range(s, 1'000'000).should_clean);
}

TEST(CleanableRange, HighWatermarkBoundsTheRange) {
  auto s = snapshot({{0, 100}, {100, 100}, {200, 100}}, 300, 0);
  s.config.min_cleanable_dirty_ratio = 0;
  s.high_watermark = 250;  // segment [200, 300) is not wholly below it
  auto r = assess_cleanable_range(s, 0);
  EXPECT_EQ(r.first_uncleanable, 200);
  EXPECT_EQ(r.hard_limit, 200);
  EXPECT_EQ(r.rewritable_segments, 2u);
  s.high_watermark = 50;
  r = assess_cleanable_range(s, 0);
  EXPECT_EQ(r.rewritable_segments, 0u);
  EXPECT_FALSE(r.should_clean);
}

TEST(CleanableRange, PassedDeleteHorizonMakesACleanLogCleanable) {
  auto s = snapshot({{0, 100}, {100, 100}}, 200, 200);
  s.delete_horizon_ms = 5'000;
  EXPECT_FALSE(assess_cleanable_range(s, 4'999).should_clean);
  auto r = assess_cleanable_range(s, 5'000);
  EXPECT_TRUE(r.horizon_due);
  EXPECT_TRUE(r.should_clean);
  EXPECT_EQ(r.rewritable_segments, 2u);
}

}  // namespace
}  // namespace gregor::storage
