#include "storage/log_cleaner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "storage/checkpoint_file.h"
#include "storage/compaction_test_util.h"
#include "storage/fs/fault_injecting_file_system.h"
#include "storage/log_files.h"
#include "storage/segment_swap.h"

namespace gregor::storage {
namespace {

using testing::kv;

class LogCleanerTest : public ::testing::Test {
 protected:
  LogCleanerTest() {
    compacted.segment_bytes = 600;
    compacted.compact_enabled = true;
    compacted.delete_enabled = false;
    compacted.min_cleanable_dirty_ratio = 0.1;
    compacted.file_delete_delay_ms = 0;
  }
  std::unique_ptr<log_manager> open_manager() {
    auto m = log_manager::open({dir.path / "logs"}, 1, std::string("cluster"), {&fs, [this] { return now.load(); }});
    EXPECT_TRUE(m) << m.error();
    return m ? std::move(*m) : nullptr;
  }
  static void append(log& l, const std::vector<kv>& recs) {
    auto b = testing::keyed_batch(recs);
    ASSERT_TRUE(l.append(b, 0));
  }
  static void fill(log& l, int batches, int keys) {
    for (int i = 0; i < batches; ++i) append(l, {{testing::str("k", i % keys), testing::str("value-", i), 100}});
  }
  log_cleaner_options cleaner_options() {
    log_cleaner_options o;
    o.clock = [this] { return now.load(); };
    o.on_round = [this](const cleaning_report& r) {
      std::lock_guard lock(reports_mu);
      reports.push_back(r);
    };
    return o;
  }
  std::vector<partition_offset> cleaner_checkpoint() {
    auto r = read_offset_checkpoint(fs, dir.path / "logs" / std::string(cleaner_offset_checkpoint_file));
    EXPECT_TRUE(r) << r.error();
    return r ? *r : std::vector<partition_offset>{};
  }

  testing::temp_dir dir;
  fs::fault_injecting_file_system fs{fs::posix_fs()};
  std::atomic<int64_t> now{1'000'000};
  log_config compacted;
  std::mutex reports_mu;
  std::vector<cleaning_report> reports;
};

TEST_F(LogCleanerTest, CleanerOffsetCheckpointIsWrittenReloadedAndDroppedWithThePartition) {
  int64_t end = 0;
  {
    auto m = open_manager();
    auto l = *m->create_log("t", 0, uuid::random(), compacted);
    auto other = *m->create_log("u", 0, uuid::random(), log_config{});  // not compacted: no entry
    fill(*l, 30, 5);
    fill(*other, 3, 1);
    log_cleaner cleaner(*m, cleaner_options());
    EXPECT_EQ(cleaner.run_once(), 1u);
    end = l->cleaner_offset();
    EXPECT_GT(end, 0);
    EXPECT_EQ(cleaner_checkpoint(), (std::vector<partition_offset>{{"t", 0, end}}));
    EXPECT_EQ(testing::read_text(dir.path / "logs" / "cleaner-offset-checkpoint"),
              "0\n1\nt 0 " + std::to_string(end) + "\n");
    ASSERT_TRUE(m->shutdown());
  }
  auto m = open_manager();
  ASSERT_TRUE(m->load_all([this](const std::string& topic) { return topic == "t" ? compacted : log_config{}; }));
  auto l = m->get_log("t", 0);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->cleaner_offset(), end);  // reloaded: only new appends are dirty
  EXPECT_FALSE(assess_cleanable_range(l->snapshot_for_cleaning(), now).should_clean);
  ASSERT_TRUE(m->delete_log("t", 0));
  EXPECT_TRUE(cleaner_checkpoint().empty());
}

TEST_F(LogCleanerTest, TruncationBelowTheCheckpointPullsItBack) {
  auto m = open_manager();
  auto l = *m->create_log("t", 0, uuid::random(), compacted);
  fill(*l, 30, 30);  // distinct keys: cleaning merges segments but keeps every offset
  log_cleaner cleaner(*m, cleaner_options());
  cleaner.run_once();
  int64_t end = l->cleaner_offset();
  ASSERT_GT(end, 5);
  l->truncate_to(5);
  EXPECT_EQ(l->log_end_offset(), 5);
  EXPECT_EQ(l->cleaner_offset(), 5);
  fill(*l, 30, 30);
  EXPECT_EQ(l->cleaner_offset(), 5);  // the new records at 5.. are dirty
}

TEST_F(LogCleanerTest, BackgroundThreadCleansWhenWokenAndStopsPromptly) {
  auto m = open_manager();
  auto l = *m->create_log("t", 0, uuid::random(), compacted);
  auto o = cleaner_options();
  o.backoff_ms = 3'600'000;  // only wake() makes it look again
  log_cleaner cleaner(*m, o);
  cleaner.start();
  ASSERT_TRUE(cleaner.check_now(std::chrono::seconds(10)));
  EXPECT_EQ(cleaner.stats().rounds, 0u);
  fill(*l, 40, 4);
  ASSERT_TRUE(cleaner.check_now(std::chrono::seconds(10)));
  auto stats = cleaner.stats();
  EXPECT_EQ(stats.rounds, 1u);
  EXPECT_GT(stats.records_removed, 20u);
  EXPECT_GT(stats.bytes_read, stats.bytes_written);
  EXPECT_EQ(stats.last_log, "t-0");
  EXPECT_GE(stats.checks, 2u);
  auto started = std::chrono::steady_clock::now();
  cleaner.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  std::lock_guard lock(reports_mu);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].topic, "t");
  EXPECT_TRUE(reports[0].error.empty());
}

TEST_F(LogCleanerTest, DirtiestLogIsCleanedFirst) {
  auto m = open_manager();
  auto a = *m->create_log("a", 0, uuid::random(), compacted);
  auto b = *m->create_log("b", 0, uuid::random(), compacted);
  fill(*a, 40, 40);  // all distinct keys
  fill(*b, 40, 2);
  log_cleaner cleaner(*m, cleaner_options());
  EXPECT_EQ(cleaner.run_once(), 2u);  // both: each once
  fill(*a, 10, 40);                   // a: a little dirt on a big clean log
  fill(*b, 30, 2);                    // b: a lot of dirt on a tiny clean log
  auto ra = assess_cleanable_range(a->snapshot_for_cleaning(), now);
  auto rb = assess_cleanable_range(b->snapshot_for_cleaning(), now);
  ASSERT_TRUE(ra.should_clean && rb.should_clean);
  ASSERT_GT(rb.dirty_ratio, ra.dirty_ratio);
  {
    std::lock_guard lock(reports_mu);
    reports.clear();
  }
  EXPECT_EQ(cleaner.run_once(), 2u);
  std::lock_guard lock(reports_mu);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].topic, "b");
  EXPECT_EQ(reports[1].topic, "a");
}

TEST_F(LogCleanerTest, RetiredSegmentsWaitAsDeletedFilesForFileDeleteDelay) {
  log_config c;
  c.segment_bytes = 600;
  c.retention_ms = 1000;
  c.file_delete_delay_ms = 5000;
  auto m = open_manager();
  auto l = *m->create_log("t", 0, uuid::random(), c);
  fill(*l, 20, 20);  // timestamps 100: long past retention
  ASSERT_GT(l->segment_count(), 2u);
  size_t deleted = l->apply_retention(now);
  ASSERT_GT(deleted, 0u);
  fs::path p = dir.path / "logs" / "t-0";
  EXPECT_FALSE(std::filesystem::exists(p / "00000000000000000000.log"));
  EXPECT_TRUE(std::filesystem::exists(p / "00000000000000000000.log.deleted"));
  EXPECT_TRUE(std::filesystem::exists(p / "00000000000000000000.index.deleted"));
  EXPECT_TRUE(std::filesystem::exists(p / "00000000000000000000.timeindex.deleted"));
  EXPECT_EQ(l->next_file_deletion_ms(), now + 5000);

  auto o = cleaner_options();
  o.compaction_enabled = false;  // the cleaner still unlinks retired files
  log_cleaner cleaner(*m, o);
  now += 4999;
  cleaner.run_once();
  EXPECT_TRUE(std::filesystem::exists(p / "00000000000000000000.log.deleted"));
  now += 1;
  cleaner.run_once();
  EXPECT_FALSE(std::filesystem::exists(p / "00000000000000000000.log.deleted"));
  EXPECT_FALSE(std::filesystem::exists(p / "00000000000000000000.index.deleted"));
  EXPECT_EQ(cleaner.stats().files_deleted, 3 * deleted);
  EXPECT_FALSE(l->next_file_deletion_ms());
}

TEST_F(LogCleanerTest, DeleteRecordsRetiresSegmentsTooAndLoadRemovesLeftovers) {
  log_config c;
  c.segment_bytes = 600;
  c.file_delete_delay_ms = 60'000;
  fs::path p = dir.path / "logs" / "t-0";
  {
    auto m = open_manager();
    auto l = *m->create_log("t", 0, uuid::random(), c);
    fill(*l, 10, 10);
    ASSERT_TRUE(l->delete_records_before(8));
    EXPECT_TRUE(std::filesystem::exists(p / "00000000000000000000.log.deleted"));
    ASSERT_TRUE(m->shutdown());
  }
  auto m = open_manager();
  ASSERT_TRUE(m->load_all([&](const std::string&) { return c; }));
  EXPECT_FALSE(std::filesystem::exists(p / "00000000000000000000.log.deleted"));
  EXPECT_EQ(m->get_log("t", 0)->log_start_offset(), 8);
}

TEST_F(LogCleanerTest, SwapIsRefusedWhenTheLogChangedMeanwhile) {
  auto m = open_manager();
  log_config c = compacted;
  c.retention_ms = 1000;
  c.delete_enabled = true;
  auto l = *m->create_log("t", 0, uuid::random(), c);
  fill(*l, 40, 3);
  fs::path p = dir.path / "logs" / "t-0";
  auto make_cleaned = [&](int64_t base) {
    auto s = segment::create(l->open_files(), p, base, c, now, cleaned_suffix);
    ASSERT_TRUE(s);
  };
  auto snap = l->snapshot_for_cleaning();
  ASSERT_GE(snap.segments.size(), 3u);
  std::vector<std::shared_ptr<segment>> group{snap.segments[0].seg, snap.segments[1].seg};

  // Retention deleted the first segment after the snapshot.
  ASSERT_GT(l->apply_retention(now), 0u);
  make_cleaned(0);
  auto r = l->replace_segments(group, 0, snap.generation);
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  EXPECT_FALSE(std::filesystem::exists(p / "00000000000000000000.log.cleaned"));

  // A truncation voids every snapshot taken before it.
  fill(*l, 20, 3);
  snap = l->snapshot_for_cleaning();
  ASSERT_GE(snap.segments.size(), 1u);
  group = {snap.segments.front().seg};
  l->truncate_to(l->log_end_offset() - 1);
  make_cleaned(group[0]->base_offset());
  r = l->replace_segments(group, group[0]->base_offset(), snap.generation);
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  // A round over a stale snapshot records nothing.
  l->finish_cleaning(12345, -1, snap.generation);
  EXPECT_NE(l->cleaner_offset(), 12345);
}

TEST_F(LogCleanerTest, ReadersOfReplacedSegmentsKeepReading) {
  auto m = open_manager();
  auto l = *m->create_log("t", 0, uuid::random(), compacted);
  fill(*l, 30, 3);
  auto snap = l->snapshot_for_cleaning();
  auto old = snap.segments.front();
  log_cleaner cleaner(*m, cleaner_options());
  ASSERT_EQ(cleaner.run_once(), 1u);
  EXPECT_NE(l->snapshot_for_cleaning().segments.front().seg, old.seg);
  auto bytes = old.seg->read(0, old.size);  // its files are gone; the open descriptor still reads
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), old.size);
  EXPECT_EQ(testing::headers_of(*bytes).front().base_offset, 0);
}

TEST_F(LogCleanerTest, CorruptSegmentFailsTheRoundAndIsNotRetried) {
  auto m = open_manager();
  auto l = *m->create_log("t", 0, uuid::random(), compacted);
  fill(*l, 30, 3);
  ASSERT_TRUE(l->flush());
  {
    std::fstream f(dir.path / "logs" / "t-0" / "00000000000000000000.log", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(70);
    f.put('\x7f');
  }
  log_cleaner cleaner(*m, cleaner_options());
  cleaner.run_once();
  auto stats = cleaner.stats();
  EXPECT_EQ(stats.failed_rounds, 1u);
  EXPECT_NE(stats.last_error.find("segment 0"), std::string::npos) << stats.last_error;
  EXPECT_EQ(cleaner.run_once(), 0u);
  EXPECT_EQ(cleaner.stats().failed_rounds, 1u);
}

// Appends, reads, retention, DeleteRecords and flushes from other threads while the cleaner
// cleans over and over: nothing fails, and the final log holds what it must.
TEST_F(LogCleanerTest, LogStaysUsableWhileCleaning) {
  fs.use_real_sync(false);  // many swaps and flushes: durability is not what this test checks
  auto m = open_manager();
  log_config c = compacted;
  c.min_cleanable_dirty_ratio = 0;
  auto l = *m->create_log("t", 0, uuid::random(), c);
  auto o = cleaner_options();
  o.backoff_ms = 1;
  log_cleaner cleaner(*m, o);
  cleaner.start();
  std::atomic<bool> done{false};
  std::map<std::string, int64_t> latest;  // key -> offset of its latest record
  std::thread reader([&] {
    while (!done) {
      int64_t start = l->log_start_offset();
      auto r = l->read(start, 1 << 16, true, l->log_end_offset());
      if (!r) {
        EXPECT_EQ(r.error(), storage_error::offset_out_of_range);  // DeleteRecords moved the start
        continue;
      }
      bool crc_ok = false;
      testing::headers_of(r->data.span(), &crc_ok);
      EXPECT_TRUE(crc_ok);
      EXPECT_TRUE(l->flush());
    }
  });
  for (int i = 0; i < 1500; ++i) {
    std::string key = testing::str("k", i % 37);
    auto b = testing::keyed_batch({{key, testing::str("v", i), 100}});
    auto r = l->append(b, 0);
    ASSERT_TRUE(r) << r.error();
    latest[key] = r->base_offset;
    if (i == 700) {
      ASSERT_TRUE(l->delete_records_before(10));
    }
    if (i % 100 == 0) l->apply_retention(now);
  }
  ASSERT_TRUE(cleaner.check_now(std::chrono::seconds(30)));  // a full check with the reader still busy
  done = true;
  reader.join();
  cleaner.stop();
  auto stats = cleaner.stats();
  EXPECT_GT(stats.rounds, 0u) << stats.checks << " checks, " << stats.aborted_rounds << " aborted";
  EXPECT_EQ(stats.failed_rounds, 0u) << stats.last_error;
  // One last round, then every key's latest record must be there.
  log_cleaner final_round(*m, cleaner_options());
  final_round.run_once();
  auto contents = testing::read_everything(*l);
  auto by = contents.by_offset();
  for (const auto& [key, offset] : latest) {
    ASSERT_TRUE(by.contains(offset)) << key;
    EXPECT_EQ(by[offset].key, key);
  }
  EXPECT_LT(by.size(), 1500u);
  testing::check_segment_files(dir.path / "logs" / "t-0");
}

}  // namespace
}  // namespace gregor::storage
