#include <gtest/gtest.h>

#include <thread>

#include "storage/fs/fault_injecting_file_system.h"
#include "storage/log.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using testing::headers_of;
using testing::make_batch;

class LogTest : public ::testing::Test {
 protected:
  std::shared_ptr<log> open_log(log_config c, bool clean = false, int64_t recovery_point = 0) {
    log_open_options o;
    o.fs = &fs;
    o.dir = dir.path / "t-0";
    o.topic = "t";
    o.partition = 0;
    o.config = c;
    o.clean_shutdown = clean;
    o.recovery_point = recovery_point;
    o.clock = [this] { return now; };
    auto l = log::open(std::move(o));
    EXPECT_TRUE(l) << l.error();
    return l ? *l : nullptr;
  }
  append_result append(log& l, int32_t records, int64_t ts, size_t payload = 100, int32_t epoch = 0) {
    auto b = make_batch(records, ts, payload);
    auto r = l.append(b, epoch);
    EXPECT_TRUE(r) << r.error();
    return r ? *r : append_result{};
  }

  testing::temp_dir dir;
  fs::fault_injecting_file_system fs{fs::posix_fs()};
  int64_t now = 1'000'000;
  log_config config;
};

TEST_F(LogTest, AppendAssignsOffsetsAndLeaderEpochInPlace) {
  auto l = open_log(config);
  auto batches = testing::concat({make_batch(3, 10), make_batch(2, 20)});
  auto r = l->append(batches, 7);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base_offset, 0);
  EXPECT_EQ(r->last_offset, 4);
  EXPECT_EQ(r->log_append_time, -1);
  EXPECT_EQ(l->log_end_offset(), 5);
  EXPECT_EQ(l->high_watermark(), 5);
  bool crc_ok = false;
  auto hs = headers_of(batches, &crc_ok);
  EXPECT_TRUE(crc_ok);
  EXPECT_EQ(hs[1].base_offset, 3);
  EXPECT_EQ(hs[1].partition_leader_epoch, 7);
  EXPECT_EQ(append(*l, 1, 30).base_offset, 5);
}

TEST_F(LogTest, RejectsBadFraming) {
  auto l = open_log(config);
  auto b = make_batch(1, 0);
  b.pop_back();
  EXPECT_FALSE(l->append(b, 0));
  std::vector<uint8_t> empty;
  EXPECT_FALSE(l->append(empty, 0));
  EXPECT_EQ(l->log_end_offset(), 0);
}

TEST_F(LogTest, ReadReturnsWholeBatchesFromTheContainingOne) {
  auto l = open_log(config);
  for (int i = 0; i < 10; ++i) append(*l, 4, 100 + i);  // 161 bytes each, offsets 4i..4i+3
  auto r = l->read(9, 1 << 20, false, l->high_watermark());
  ASSERT_TRUE(r);
  auto hs = headers_of(r->data.span());
  ASSERT_EQ(hs.size(), 8u);
  EXPECT_EQ(hs[0].base_offset, 8);
  EXPECT_EQ(r->log_end_offset, 40);
  // max_bytes cuts at whole batches.
  r = l->read(0, 400, false, 40);
  EXPECT_EQ(r->data.size(), 322u);
  // A first batch bigger than max_bytes: only with min_one_batch.
  EXPECT_TRUE(l->read(0, 100, false, 40)->data.empty());
  EXPECT_EQ(l->read(0, 100, true, 40)->data.size(), 161u);
  // max_offset is exclusive and never splits a batch.
  EXPECT_EQ(headers_of(l->read(0, 1 << 20, true, 10)->data.span()).size(), 2u);
  EXPECT_TRUE(l->read(8, 1 << 20, true, 10)->data.empty());
  // At the log end: empty; past it or below the start: out of range.
  EXPECT_TRUE(l->read(40, 1000, true, 40)->data.empty());
  EXPECT_EQ(l->read(41, 1000, true, 41).error(), storage_error::offset_out_of_range);
  EXPECT_EQ(l->read(-1, 1000, true, 40).error(), storage_error::offset_out_of_range);
}

TEST_F(LogTest, RollsBySizeAndReadsAcrossSegments) {
  config.segment_bytes = 1000;  // 6 batches of 161 bytes per segment
  auto l = open_log(config);
  for (int i = 0; i < 20; ++i) append(*l, 1, i);
  EXPECT_EQ(l->segment_count(), 4u);
  EXPECT_TRUE(std::filesystem::exists(dir.path / "t-0" / "00000000000000000006.log"));
  EXPECT_TRUE(std::filesystem::exists(dir.path / "t-0" / "00000000000000000018.log"));
  // Sealed segments have trimmed indexes.
  EXPECT_LT(std::filesystem::file_size(dir.path / "t-0" / "00000000000000000000.index"), 100u);
  for (int64_t o = 0; o < 20; ++o) {
    auto r = l->read(o, 1 << 20, true, 20);
    ASSERT_TRUE(r);
    auto hs = headers_of(r->data.span());
    ASSERT_FALSE(hs.empty());
    EXPECT_EQ(hs[0].base_offset, o);
  }
  EXPECT_EQ(l->size_bytes(), 20u * 161);
}

TEST_F(LogTest, RollsBySegmentMsAndWhenIndexIsFull) {
  config.segment_ms = 1000;
  auto l = open_log(config);
  append(*l, 1, 5000);
  append(*l, 1, 5500);
  EXPECT_EQ(l->segment_count(), 1u);
  append(*l, 1, 6001);
  EXPECT_EQ(l->segment_count(), 2u);

  log_config small;
  small.index_interval_bytes = 0;  // an index entry per append (after the first)
  small.max_index_bytes = 16;      // two offset-index entries
  auto l2 = std::shared_ptr<log>();
  {
    log_open_options o;
    o.fs = &fs;
    o.dir = dir.path / "u-0";
    o.config = small;
    l2 = *log::open(std::move(o));
  }
  for (int i = 0; i < 7; ++i) {
    auto b = make_batch(1, i);
    ASSERT_TRUE(l2->append(b, 0));
  }
  EXPECT_GE(l2->segment_count(), 2u);
}

TEST_F(LogTest, OffsetForTimestampUsesTheTimeIndex) {
  config.index_interval_bytes = 200;
  config.segment_bytes = 2000;
  auto l = open_log(config);
  for (int i = 0; i < 30; ++i) append(*l, 2, 1000 + 10 * i);  // batch i: offsets 2i, 2i+1
  auto hit = l->offset_for_timestamp(1095);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->first, 20);
  EXPECT_EQ(hit->second, 1100);
  EXPECT_EQ(l->offset_for_timestamp(0)->first, 0);
  EXPECT_FALSE(l->offset_for_timestamp(5000));
  auto max = l->max_timestamp_and_offset();
  EXPECT_EQ(max.first, 1290);
  EXPECT_EQ(max.second, 59);
}

TEST_F(LogTest, LeaderEpochCacheAnswersEndOffsetForEpoch) {
  auto l = open_log(config);
  append(*l, 5, 0, 10, 1);
  append(*l, 5, 0, 10, 1);
  append(*l, 5, 0, 10, 3);
  EXPECT_EQ(l->end_offset_for_epoch(1), (std::pair<int32_t, int64_t>{1, 10}));
  EXPECT_EQ(l->end_offset_for_epoch(2), (std::pair<int32_t, int64_t>{1, 10}));
  EXPECT_EQ(l->end_offset_for_epoch(3), (std::pair<int32_t, int64_t>{3, 15}));
  EXPECT_EQ(l->end_offset_for_epoch(0), (std::pair<int32_t, int64_t>{0, 0}));
  EXPECT_EQ(l->end_offset_for_epoch(4), (std::pair<int32_t, int64_t>{-1, -1}));
  EXPECT_EQ(testing::read_text(dir.path / "t-0" / "leader-epoch-checkpoint"), "0\n2\n1 0\n3 10\n");
}

TEST_F(LogTest, TruncateToRemovesTailAndEpochs) {
  config.segment_bytes = 500;
  auto l = open_log(config);
  for (int i = 0; i < 10; ++i) append(*l, 2, i, 100, i < 5 ? 1 : 2);
  l->truncate_to(9);  // inside batch 8..9
  EXPECT_EQ(l->log_end_offset(), 8);
  EXPECT_EQ(l->high_watermark(), 8);
  EXPECT_EQ(l->end_offset_for_epoch(1), (std::pair<int32_t, int64_t>{1, 8}));
  EXPECT_EQ(append(*l, 1, 100).base_offset, 8);
  auto r = l->read(0, 1 << 20, true, 100);
  auto hs = headers_of(r->data.span());
  EXPECT_EQ(hs.back().base_offset, 4);  // a read stays within one segment (0..5)
  EXPECT_EQ(headers_of(l->read(8, 1 << 20, true, 100)->data.span()).at(0).base_offset, 8);
}

TEST_F(LogTest, FlushAdvancesFlushedOffsetAndNeedsFlushFollowsConfig) {
  config.flush_messages = 3;
  auto l = open_log(config);
  append(*l, 2, 0);
  EXPECT_FALSE(l->needs_flush(now));
  append(*l, 1, 0);
  EXPECT_TRUE(l->needs_flush(now));
  EXPECT_EQ(l->flushed_offset(), 0);
  ASSERT_TRUE(l->flush());
  EXPECT_EQ(l->flushed_offset(), 3);
  EXPECT_FALSE(l->needs_flush(now));

  log_config timed;
  timed.flush_ms = 500;
  l->update_config(timed);
  append(*l, 1, 0);
  EXPECT_FALSE(l->needs_flush(now + 100));
  EXPECT_TRUE(l->needs_flush(now + 500));
}

// Kafka flushes a segment when it rolls: unflushed_roll() names the active segment's base while
// earlier segments hold unflushed data, and flush_up_to() makes exactly those durable.
TEST_F(LogTest, RolledSegmentsAreFlushedUpToTheActiveSegment) {
  config.segment_bytes = 1000;  // 6 batches of 161 bytes per segment
  auto l = open_log(config);
  for (int i = 0; i < 5; ++i) append(*l, 1, i);
  EXPECT_EQ(l->unflushed_roll(), std::nullopt);  // one segment: nothing rolled
  for (int i = 5; i < 14; ++i) append(*l, 1, i);  // segments at 0, 6 and 12
  ASSERT_EQ(l->segment_count(), 3u);
  ASSERT_EQ(l->unflushed_roll(), std::optional<int64_t>(12));
  fs.reset_counters();
  ASSERT_TRUE(l->flush_up_to(12));
  EXPECT_EQ(l->flushed_offset(), 12);  // not the active segment's records 12 and 13
  EXPECT_EQ(l->unflushed_roll(), std::nullopt);
  EXPECT_GE(fs.sync_calls(), 2u);  // the two rolled segments (their .log files at least)
  ASSERT_TRUE(l->flush());
  EXPECT_EQ(l->flushed_offset(), 14);
  EXPECT_EQ(l->unflushed_roll(), std::nullopt);
}

TEST_F(LogTest, ShortWriteSurfacesErrorAndLeavesLogConsistent) {
  auto l = open_log(config);
  append(*l, 1, 0);
  fs.short_write_next(".log", 30);
  auto b = make_batch(1, 0);
  EXPECT_FALSE(l->append(b, 0));
  EXPECT_EQ(l->log_end_offset(), 1);
  EXPECT_EQ(append(*l, 1, 0).base_offset, 1);
  auto hs = headers_of(l->read(0, 1 << 20, true, 10)->data.span());
  ASSERT_EQ(hs.size(), 2u);
  EXPECT_EQ(hs[1].base_offset, 1);
}

TEST_F(LogTest, FsyncFailureSurfacesAndFailsTheLog) {
  auto l = open_log(config);
  append(*l, 1, 0);
  fs.fail_next_sync(".log");
  EXPECT_FALSE(l->flush());
  EXPECT_EQ(l->flushed_offset(), 0);
  auto b = make_batch(1, 0);
  EXPECT_FALSE(l->append(b, 0));
}

TEST_F(LogTest, ConcurrentAppendsReadsAndFlushes) {
  config.segment_bytes = 20000;
  auto l = open_log(config);
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) {
      int64_t hw = l->high_watermark();
      auto r = l->read(hw / 2, 4096, true, hw);
      ASSERT_TRUE(r);
      bool crc_ok = false;
      auto hs = headers_of(r->data.span(), &crc_ok);
      ASSERT_TRUE(crc_ok);
      for (size_t i = 1; i < hs.size(); ++i) ASSERT_EQ(hs[i].base_offset, hs[i - 1].last_offset() + 1);
    }
  });
  std::thread flusher([&] {
    while (!done) ASSERT_TRUE(l->flush());
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        auto b = make_batch(2, i);
        ASSERT_TRUE(l->append(b, 0));
      }
    });
  }
  for (auto& t : writers) t.join();
  done = true;
  reader.join();
  flusher.join();
  EXPECT_EQ(l->log_end_offset(), 1800);
  ASSERT_TRUE(l->flush());
  EXPECT_EQ(l->flushed_offset(), 1800);
}

// --- reads as file regions (the broker's sendfile path) ---

// The bytes of a region, read back through its own descriptor.
std::vector<uint8_t> bytes_of(const file_region& region) {
  auto bytes = region.read();
  EXPECT_EQ(bytes.size(), region.size());
  return bytes;
}

std::vector<uint8_t> bytes_of(const shared_bytes& data) { return {data.data(), data.data() + data.size()}; }

class LogRegionTest : public LogTest {
 protected:
  // On the real file system: the test one has no descriptors to share.
  std::shared_ptr<log> open_posix_log(log_config c) {
    log_open_options o;
    o.dir = dir.path / "r-0";
    o.topic = "r";
    o.partition = 0;
    o.config = c;
    o.clock = [this] { return now; };
    auto l = log::open(std::move(o));
    EXPECT_TRUE(l) << l.error();
    return l ? *l : nullptr;
  }
  static constexpr size_t batch_bytes = 20'061;  // records::batch_header_size + 20'000
};

TEST_F(LogRegionTest, LargeReadsAreRegionsOfTheSameWholeBatches) {
  auto l = open_posix_log(config);
  for (int i = 0; i < 10; ++i) append(*l, 5, 100 + i, 20'000);  // offsets 5i..5i+4
  auto as_bytes = l->read(7, 1 << 20, false, l->high_watermark());
  auto as_region = l->read(7, 1 << 20, false, l->high_watermark(), true);
  ASSERT_TRUE(as_bytes && as_region);
  EXPECT_TRUE(as_region->data.empty());
  ASSERT_TRUE(as_region->region);
  EXPECT_EQ(as_region->region.offset(), batch_bytes);  // from the batch holding offset 7
  EXPECT_EQ(bytes_of(as_region->region), bytes_of(as_bytes->data));
  EXPECT_EQ(headers_of(bytes_of(as_region->region)).size(), 9u);
  EXPECT_EQ(as_region->high_watermark, 50);

  // max_bytes cuts at whole batches: 3.5 batches' worth gives 3.
  auto cut = l->read(0, batch_bytes * 7 / 2, false, 50, true);
  ASSERT_TRUE(cut && cut->region);
  EXPECT_EQ(cut->region.size(), 3 * batch_bytes);
  // max_offset (exclusive) never splits a batch: 22 ends inside the fifth batch (20..24).
  auto below = l->read(0, 1 << 20, false, 22, true);
  ASSERT_TRUE(below && below->region);
  auto hs = headers_of(bytes_of(below->region));
  ASSERT_EQ(hs.size(), 4u);
  EXPECT_EQ(hs.back().last_offset(), 19);
  EXPECT_TRUE(l->read(20, 1 << 20, false, 22, true)->region.empty());
}

TEST_F(LogRegionTest, FirstBatchLargerThanMaxBytesOnlyWithMinOneBatch) {
  auto l = open_posix_log(config);
  append(*l, 2, 100, 200'000);
  append(*l, 2, 101, 200'000);
  auto none = l->read(0, 100'000, false, 4, true);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->data.empty());
  EXPECT_FALSE(none->region);
  auto one = l->read(0, 100'000, true, 4, true);
  ASSERT_TRUE(one && one->region);
  EXPECT_EQ(one->region.size(), records::batch_header_size + 200'000);
  EXPECT_EQ(headers_of(bytes_of(one->region)).at(0).base_offset, 0);
}

TEST_F(LogRegionTest, SmallReadsAndFileSystemsWithoutDescriptorsReturnBytes) {
  auto l = open_posix_log(config);
  for (int i = 0; i < 4; ++i) append(*l, 1, 100 + i, 1000);
  auto small = l->read(0, 1 << 20, true, 4, true);  // ~4 KiB: below min_file_region_bytes
  ASSERT_TRUE(small);
  EXPECT_FALSE(small->region);
  EXPECT_EQ(headers_of(small->data.span()).size(), 4u);

  auto on_test_fs = open_log(config);  // the fault-injecting file system shares no descriptor
  for (int i = 0; i < 4; ++i) append(*on_test_fs, 1, 100 + i, 100'000);
  auto read = on_test_fs->read(0, 1 << 20, true, 4, true);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->region);
  EXPECT_EQ(headers_of(read->data.span()).size(), 4u);
}

TEST_F(LogRegionTest, RegionStaysReadableAfterRetentionDeletesItsSegment) {
  config.segment_bytes = 3 * (records::batch_header_size + 30'000);  // 3 batches, above min_file_region_bytes
  config.file_delete_delay_ms = 0;  // unlinked at once
  auto l = open_posix_log(config);
  for (int i = 0; i < 9; ++i) append(*l, 1, 100 + i, 30'000);
  ASSERT_GE(l->segment_count(), 3u);
  auto read = l->read(0, 1 << 20, true, l->high_watermark(), true);
  ASSERT_TRUE(read && read->region);
  auto expected = bytes_of(read->region);
  ASSERT_TRUE(l->delete_records_before(6));
  EXPECT_FALSE(std::filesystem::exists(dir.path / "r-0" / "00000000000000000000.log"));
  EXPECT_EQ(bytes_of(read->region), expected);  // the region's own descriptor still reads it
  EXPECT_EQ(headers_of(expected).at(0).base_offset, 0);
}

}  // namespace
}  // namespace gregor::storage
