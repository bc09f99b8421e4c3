// Many partitions through a few file descriptors: the log_manager's open_file_cache capped far
// below the number of segment files, across writes, reads, clean restarts and crashes.
#include <gtest/gtest.h>

#include <limits>

#include "storage/fs/fault_injecting_file_system.h"
#include "storage/log_manager.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using testing::headers_of;
using testing::make_batch;

constexpr size_t max_open = 8;
constexpr int32_t partitions = 40;

class ManyPartitionsTest : public ::testing::Test {
 protected:
  ManyPartitionsTest() {
    config.segment_bytes = 400;         // 161-byte batches, two per segment: sealed segments too
    config.index_interval_bytes = 200;  // index entries in every segment
    fs.use_real_sync(false);            // durability is the simulated one (crash())
  }

  std::unique_ptr<log_manager> open_manager() {
    auto m = log_manager::open({dir.path / "logs"}, 1, std::string("cluster"),
                               {&fs, [] { return int64_t{1700000000000}; }, max_open});
    EXPECT_TRUE(m) << m.error();
    auto loaded = (*m)->load_all([this](const std::string&) { return config; });
    EXPECT_TRUE(loaded) << loaded.error();
    return m ? std::move(*m) : nullptr;
  }

  // Appends one batch of `records` to every partition, creating the logs on first use.
  void append_round(log_manager& m, int32_t records) {
    for (int32_t p = 0; p < partitions; ++p) {
      auto l = m.create_log("t", p, uuid{}, config);
      ASSERT_TRUE(l) << l.error();
      auto b = make_batch(records, 1000 + p, 100, static_cast<uint8_t>(p));
      ASSERT_TRUE((*l)->append(b, 0));
    }
  }

  // Reads the whole log back; checks CRCs, each partition's fill byte and that offsets increase,
  // without gaps below `contiguous_until`. (After a crash a later segment can outlive an earlier
  // one's unsynced tail, so records above the recovery point may come back with a gap.)
  void verify(log& l, int32_t p, int64_t contiguous_until = std::numeric_limits<int64_t>::max()) {
    int64_t offset = l.log_start_offset();
    while (offset < l.log_end_offset()) {
      auto r = l.read(offset, 1 << 20, true, l.log_end_offset());
      ASSERT_TRUE(r);
      bool crc_ok = false;
      auto hs = headers_of(r->data.span(), &crc_ok);
      ASSERT_TRUE(crc_ok);
      ASSERT_FALSE(hs.empty());
      for (const auto& h : hs) {
        if (offset < contiguous_until) {
          ASSERT_EQ(h.base_offset, offset) << "partition " << p;
        } else {
          ASSERT_GE(h.base_offset, offset) << "partition " << p;
        }
        offset = h.last_offset() + 1;
      }
      EXPECT_EQ(r->data.span().back(), static_cast<uint8_t>(p));
    }
    EXPECT_EQ(offset, l.log_end_offset());
  }

  testing::temp_dir dir;
  fs::fault_injecting_file_system fs{fs::posix_fs()};
  log_config config;
};

TEST_F(ManyPartitionsTest, WriteReadAndRestartWithFarFewerDescriptorsThanFiles) {
  auto m = open_manager();
  for (int32_t round = 1; round <= 8; ++round) append_round(*m, round);
  ASSERT_GT(m->get_log("t", 0)->segment_count(), 2u);
  for (int32_t p = 0; p < partitions; ++p) {
    auto l = m->get_log("t", p);
    EXPECT_EQ(l->log_end_offset(), 36);  // 1 + 2 + ... + 8
    verify(*l, p);
  }
  EXPECT_LE(m->open_files().peak_open_count(), max_open);
  EXPECT_GT(m->open_files().reopens(), 0u);
  ASSERT_TRUE(m->shutdown());
  m.reset();

  fs.reset_counters();
  m = open_manager();
  for (int32_t p = 0; p < partitions; ++p) {
    auto l = m->get_log("t", p);
    EXPECT_EQ(l->load_stats().recovered_segments, 0u);
    EXPECT_EQ(l->log_end_offset(), 36);
  }
  // A clean start opens the active segment's three files per partition, and the few metadata files.
  EXPECT_LE(fs.open_calls(), partitions * (3 + 2) + 10u);
  append_round(*m, 1);
  for (int32_t p = 0; p < partitions; ++p) verify(*m->get_log("t", p), p);
  EXPECT_LE(m->open_files().peak_open_count(), max_open);
}

TEST_F(ManyPartitionsTest, CrashKeepsEverythingFlushedWhileDescriptorsCameAndWent) {
  auto m = open_manager();
  for (int32_t round = 1; round <= 4; ++round) append_round(*m, round);
  for (const auto& l : m->all_logs()) ASSERT_TRUE(l->flush());
  ASSERT_TRUE(m->checkpoint_all());
  for (int32_t round = 5; round <= 7; ++round) append_round(*m, round);  // never flushed
  EXPECT_GT(m->open_files().syncs_before_close(), 0u);  // dirty files had to give way
  m.reset();    // the process dies...
  fs.crash();   // ...and the machine with it: whatever was not fdatasync'ed is gone

  m = open_manager();
  for (int32_t p = 0; p < partitions; ++p) {
    auto l = m->get_log("t", p);
    EXPECT_GE(l->log_end_offset(), 10) << "partition " << p;  // flushed: 1 + 2 + 3 + 4
    EXPECT_LE(l->log_end_offset(), 28);
    verify(*l, p, 10);
  }
  append_round(*m, 1);
  for (int32_t p = 0; p < partitions; ++p) verify(*m->get_log("t", p), p, 10);
  EXPECT_LE(m->open_files().peak_open_count(), max_open);
}

}  // namespace
}  // namespace gregor::storage
