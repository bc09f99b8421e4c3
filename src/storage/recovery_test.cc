#include <gtest/gtest.h>

#include "storage/fs/fault_injecting_file_system.h"
#include "storage/log.h"
#include "storage/log_manager.h"
#include "storage/test_batches.h"

namespace gregor::storage {
namespace {

using testing::headers_of;
using testing::make_batch;

class RecoveryTest : public ::testing::Test {
 protected:
  std::shared_ptr<log> open_log(bool clean, int64_t recovery_point = 0) {
    log_open_options o;
    o.fs = &fs;
    o.dir = dir.path / "t-0";
    o.topic = "t";
    o.config = config;
    o.clean_shutdown = clean;
    o.recovery_point = recovery_point;
    auto l = log::open(std::move(o));
    EXPECT_TRUE(l) << l.error();
    return l ? *l : nullptr;
  }
  void append(log& l, int32_t records, size_t payload = 100) {
    auto b = make_batch(records, 1000, payload);
    ASSERT_TRUE(l.append(b, 0));
  }
  // Reads everything and checks offsets are contiguous and CRCs valid; returns the batch count.
  size_t verify_all(log& l) {
    size_t count = 0;
    int64_t offset = l.log_start_offset();
    while (offset < l.log_end_offset()) {
      auto r = l.read(offset, 1 << 20, true, l.log_end_offset());
      EXPECT_TRUE(r);
      bool crc_ok = false;
      auto hs = headers_of(r->data.span(), &crc_ok);
      EXPECT_TRUE(crc_ok);
      if (hs.empty()) break;
      for (const auto& h : hs) {
        EXPECT_EQ(h.base_offset, offset);
        offset = h.last_offset() + 1;
        ++count;
      }
    }
    EXPECT_EQ(offset, l.log_end_offset());
    return count;
  }
  fs::path log_file(int64_t base = 0) { return dir.path / "t-0" / segment_file_name_for(base); }
  static std::string segment_file_name_for(int64_t base) {
    char name[32];
    std::snprintf(name, sizeof name, "%020lld.log", static_cast<long long>(base));
    return name;
  }

  testing::temp_dir dir;
  fs::fault_injecting_file_system fs{fs::posix_fs()};
  log_config config;
};

TEST_F(RecoveryTest, TornTailAtEveryBytePositionOfTheLastBatch) {
  constexpr size_t batch_size = 61 + 100;
  {
    auto l = open_log(false);
    for (int i = 0; i < 5; ++i) append(*l, 3);
    ASSERT_TRUE(l->flush());
  }
  std::string full = testing::read_text(log_file());
  ASSERT_EQ(full.size(), 5 * batch_size);
  const uint64_t previous_end = 4 * batch_size;
  for (uint64_t cut = previous_end; cut < full.size(); ++cut) {
    std::filesystem::resize_file(log_file(), cut);
    auto l = open_log(false);
    ASSERT_TRUE(l);
    EXPECT_EQ(l->log_end_offset(), 12) << "cut at " << cut;
    EXPECT_EQ(std::filesystem::file_size(log_file()), previous_end);
    EXPECT_EQ(l->load_stats().truncated_bytes, cut - previous_end);
    append(*l, 2);
    EXPECT_EQ(l->log_end_offset(), 14);
    EXPECT_EQ(verify_all(*l), 5u);
    l.reset();
    // Restore the 4 good batches for the next iteration.
    std::filesystem::resize_file(log_file(), previous_end);
    auto f = std::fopen(log_file().c_str(), "r+b");
    std::fseek(f, 0, SEEK_END);
    std::fwrite(full.data() + previous_end, 1, batch_size, f);
    std::fclose(f);
  }
}

TEST_F(RecoveryTest, CorruptCrcInTheTailIsTruncated) {
  {
    auto l = open_log(false);
    for (int i = 0; i < 5; ++i) append(*l, 1);
  }
  // Flip a byte inside the last batch's records (covered by the CRC).
  auto f = std::fopen(log_file().c_str(), "r+b");
  std::fseek(f, 4 * 161 + 100, SEEK_SET);
  std::fputc(0x00, f);
  std::fclose(f);
  auto l = open_log(false);
  EXPECT_EQ(l->log_end_offset(), 4);
  EXPECT_EQ(l->load_stats().truncated_bytes, 161u);
  EXPECT_EQ(verify_all(*l), 4u);
}

TEST_F(RecoveryTest, CorruptSegmentDropsLaterSegments) {
  config.segment_bytes = 500;  // 3 batches per segment
  {
    auto l = open_log(false);
    for (int i = 0; i < 9; ++i) append(*l, 1);
    ASSERT_EQ(l->segment_count(), 3u);
  }
  auto f = std::fopen(log_file(3).c_str(), "r+b");
  std::fseek(f, 161 + 17, SEEK_SET);  // crc of the second batch of segment 3
  std::fputc(0x55, f);
  std::fclose(f);
  auto l = open_log(false, 0);
  EXPECT_EQ(l->log_end_offset(), 4);
  EXPECT_EQ(l->load_stats().deleted_segments, 1u);
  EXPECT_FALSE(std::filesystem::exists(log_file(6)));
  EXPECT_EQ(verify_all(*l), 4u);
}

TEST_F(RecoveryTest, CrashLosesOnlyUnflushedData) {
  {
    auto l = open_log(false);
    for (int i = 0; i < 5; ++i) append(*l, 2);
    ASSERT_TRUE(l->flush());
    for (int i = 0; i < 5; ++i) append(*l, 2);
    EXPECT_EQ(l->flushed_offset(), 10);
  }
  fs.crash();
  auto l = open_log(false, 10);
  EXPECT_EQ(l->log_end_offset(), 10);
  EXPECT_EQ(verify_all(*l), 5u);
}

TEST_F(RecoveryTest, RecoveredDataIsSyncedBeforeTheRecoveryPointPassesIt) {
  {
    auto l = open_log(false);
    for (int i = 0; i < 5; ++i) append(*l, 2);  // in the page cache only
  }  // the process dies; the page cache lives on
  {
    auto l = open_log(false, 0);
    EXPECT_EQ(l->log_end_offset(), 10);
    EXPECT_EQ(l->flushed_offset(), 10);  // claims durability for what it recovered...
  }
  fs.crash();  // ...so a power loss now must not lose it
  auto l = open_log(false, 10);
  EXPECT_EQ(l->log_end_offset(), 10);
  EXPECT_EQ(verify_all(*l), 5u);
}

TEST_F(RecoveryTest, CleanRestartDoesNotRescanSegments) {
  config.segment_bytes = 64 * 1024;
  uint64_t total;
  {
    auto l = open_log(false);
    for (int i = 0; i < 2000; ++i) append(*l, 1, 1000);  // ~2 MB, ~32 segments
    total = l->size_bytes();
    ASSERT_TRUE(l->close());
  }
  fs.reset_counters();
  auto l = open_log(true, 0);
  EXPECT_EQ(l->log_end_offset(), 2000);
  EXPECT_EQ(l->load_stats().recovered_segments, 0u);
  EXPECT_LT(fs.bytes_read(), 32u * 1024) << "of " << total;
  EXPECT_EQ(verify_all(*l), 2000u);
}

TEST_F(RecoveryTest, UncleanRestartRescansOnlyAfterTheRecoveryPoint) {
  config.segment_bytes = 64 * 1024;
  int64_t recovery_point;
  {
    auto l = open_log(false);
    for (int i = 0; i < 1500; ++i) append(*l, 1, 1000);
    ASSERT_TRUE(l->flush());
    recovery_point = l->flushed_offset();
    for (int i = 0; i < 100; ++i) append(*l, 1, 1000);  // unflushed, may be lost
  }
  fs.reset_counters();
  auto l = open_log(false, recovery_point);
  EXPECT_LE(l->load_stats().recovered_segments, 3u);
  EXPECT_LT(fs.bytes_read(), 300u * 1024);
  EXPECT_EQ(l->log_end_offset(), 1600);
  EXPECT_EQ(verify_all(*l), 1600u);
}

TEST_F(RecoveryTest, LogManagerRoundTripsPartitionsAndCleanMarker) {
  std::vector<fs::path> dirs{dir.path / "a", dir.path / "b"};
  uuid topic_id = uuid::random();
  {
    auto m = log_manager::open(dirs, 1, std::string("cluster-xyz"), {&fs, {}});
    ASSERT_TRUE(m) << m.error();
    ASSERT_TRUE((*m)->load_all());
    for (int p = 0; p < 4; ++p) {
      auto l = (*m)->create_log("orders", p, topic_id, config);
      ASSERT_TRUE(l) << l.error();
      for (int i = 0; i <= p; ++i) append(**l, 1);
    }
    EXPECT_NE(*(*m)->log_dir_of("orders", 0), *(*m)->log_dir_of("orders", 1));  // balanced
    ASSERT_TRUE((*m)->shutdown());
  }
  EXPECT_TRUE(std::filesystem::exists(dirs[0] / ".kafka_cleanshutdown"));
  EXPECT_EQ(testing::read_text(dirs[0] / "orders-0" / "partition.metadata"),
            "version: 0\ntopic_id: " + topic_id.to_base64() + "\n");
  std::string rp = testing::read_text(dirs[0] / "recovery-point-offset-checkpoint");
  EXPECT_TRUE(rp.starts_with("0\n2\norders ")) << rp;
  std::string meta = testing::read_text(dirs[1] / "meta.properties");
  EXPECT_NE(meta.find("node.id=1\n"), std::string::npos);
  EXPECT_NE(meta.find("cluster.id=cluster-xyz\n"), std::string::npos);

  EXPECT_FALSE(log_manager::open(dirs, 2, std::nullopt, {&fs, {}}));  // wrong node id
  auto m = log_manager::open(dirs, 1, std::nullopt, {&fs, {}});
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)->cluster_id(), "cluster-xyz");
  auto loaded = (*m)->load_all();
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 4u);
  EXPECT_FALSE(std::filesystem::exists(dirs[0] / ".kafka_cleanshutdown"));
  for (const auto& p : *loaded) {
    EXPECT_EQ(p.topic_id, topic_id);
    EXPECT_EQ(p.partition_log->log_end_offset(), p.partition + 1);
    EXPECT_EQ(p.partition_log->load_stats().recovered_segments, 0u);
  }
  auto dir_of_2 = *(*m)->log_dir_of("orders", 2);
  ASSERT_TRUE((*m)->delete_log("orders", 2));
  EXPECT_FALSE((*m)->get_log("orders", 2));
  EXPECT_FALSE(std::filesystem::exists(dir_of_2 / "orders-2"));
  for (auto& e : std::filesystem::directory_iterator(dir_of_2)) {
    EXPECT_FALSE(e.path().string().ends_with("-delete"));
  }
  EXPECT_EQ((*m)->describe_log_dirs().size(), 2u);
}

}  // namespace
}  // namespace gregor::storage
