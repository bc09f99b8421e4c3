// Crash safety of cleaning: the process "dies" at every single mutating file operation of a
// cleaning round (fault_injecting_file_system::fail_mutations_after), unsynced data is dropped
// (crash()), and the reopened log must hold every record that has to survive, nothing that was
// never written, no duplicates, the same log end offset, and no leftover temporary files.
#include <gtest/gtest.h>

#include "storage/compaction_test_util.h"
#include "storage/fs/fault_injecting_file_system.h"
#include "storage/log_compactor.h"
#include "storage/log_files.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using records::compression;
using testing::kv;

class CleanerCrashTest : public ::testing::TestWithParam<int64_t /* file.delete.delay.ms */> {
 protected:
  CleanerCrashTest() {
    fs.use_real_sync(false);  // crash() models durability; the disk need not wait
    config.segment_bytes = 700;
    config.compact_enabled = true;
    config.min_cleanable_dirty_ratio = 0;
    config.file_delete_delay_ms = GetParam();
  }
  std::shared_ptr<log> open_log(const fs::path& p, bool clean, int64_t recovery_point = 0) {
    log_open_options o;
    o.fs = &fs;
    o.dir = p;
    o.topic = "t";
    o.config = config;
    o.clean_shutdown = clean;
    o.recovery_point = recovery_point;
    o.clock = [] { return int64_t{1'000'000}; };
    auto l = log::open(std::move(o));
    EXPECT_TRUE(l) << l.error();
    return l ? *l : nullptr;
  }
  // The template log: ~10 segments of keyed records, tombstones, codecs and a producer id.
  void build_template() {
    auto l = open_log(dir.path / "template" / "t-0", false);
    const compression codecs[] = {compression::none, compression::zstd, compression::gzip};
    for (int i = 0; i < 45; ++i) {
      std::vector<kv> recs = {{testing::str("k", i % 7), testing::str("v", i), 1000 + i},
                              {testing::str("k", (i * 3) % 11), std::nullopt, 1000 + i}};
      testing::producer_fields producer;
      if (i % 9 == 0) producer = {42, 0, i};
      auto b = testing::keyed_batch(recs, codecs[i % 3], producer);
      auto r = l->append(b, 0);
      ASSERT_TRUE(r);
      for (size_t j = 0; j < recs.size(); ++j) {
        model[r->base_offset + static_cast<int64_t>(j)] = {recs[j].key, recs[j].value, recs[j].timestamp};
      }
    }
    end = l->snapshot_for_cleaning().active_base_offset;
    leo = l->log_end_offset();
    ASSERT_GT(l->segment_count(), 6u);
    ASSERT_TRUE(l->close());
  }
  fs::path fresh_copy(const std::string& name) {
    fs::path p = dir.path / name / "t-0";
    std::filesystem::create_directories(p.parent_path());
    std::filesystem::copy(dir.path / "template" / "t-0", p);
    return p;
  }
  result<compaction_result> clean(log& l) {
    compaction_options o;
    o.now_ms = 1'000'000;
    o.force = true;
    return compact_log(l, o);
  }
  size_t leftovers(const fs::path& p) {
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(p)) {
      auto name = e.path().filename().string();
      n += name.ends_with(".cleaned") || name.ends_with(".swap") || name.ends_with(".deleted");
    }
    return n;
  }

  testing::temp_dir dir;
  fs::fault_injecting_file_system fs{fs::posix_fs()};
  log_config config;
  std::map<int64_t, testing::model_record> model;
  int64_t end = 0, leo = 0;
};

TEST_P(CleanerCrashTest, KillAtEveryFileOperationOfACleaningLosesNothing) {
  build_template();
  auto survivors = testing::expected_after_cleaning(model, end);

  // How many mutating file operations does an undisturbed round make?
  uint64_t total = 0;
  {
    auto l = open_log(fresh_copy("probe"), true);
    fs.reset_counters();
    auto r = clean(*l);
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->outcome, compaction_outcome::cleaned);
    total = fs.mutation_calls();
  }
  ASSERT_GT(total, 20u);

  size_t completed_swaps = 0, interrupted = 0;
  for (uint64_t n = 0; n <= total; ++n) {
    SCOPED_TRACE("killed after " + std::to_string(n) + " of " + std::to_string(total) + " operations");
    fs::path p = fresh_copy(testing::str("run-", n));
    {
      auto l = open_log(p, true);
      fs.fail_mutations_after(n);
      auto r = clean(*l);  // fails somewhere unless n == total
      interrupted += r ? 0 : 1;
    }  // the "dead" process's log object goes away without closing
    fs.fail_mutations_after(std::nullopt);
    fs.crash();
    auto l = open_log(p, false, leo);  // the checkpointed recovery point: everything was flushed
    ASSERT_TRUE(l);
    completed_swaps += l->load_stats().completed_swaps;
    EXPECT_EQ(leftovers(p), 0u);
    testing::check_segment_files(p);
    EXPECT_EQ(l->log_end_offset(), leo);
    testing::check_against_model(testing::read_everything(*l), model, survivors);
    // The recovered log cleans to exactly the expected state.
    auto again = clean(*l);
    ASSERT_TRUE(again) << again.error();
    EXPECT_EQ(testing::check_against_model(testing::read_everything(*l), model, {}), survivors);
    testing::check_segment_files(p);
    l.reset();
    (void)fs.remove_all(p.parent_path());
  }
  EXPECT_GT(interrupted, total * 9 / 10);  // (best-effort steps, e.g. unlinks, do not fail a round)
  EXPECT_GT(completed_swaps, 0u);      // some kills came after a commit: the load finished the swap
}

INSTANTIATE_TEST_SUITE_P(FileDeleteDelay, CleanerCrashTest, ::testing::Values(int64_t{0}, int64_t{60000}));

}  // namespace
}  // namespace gregor::storage
