#include "storage/fs/open_file_cache.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <fstream>
#include <random>
#include <thread>

#include "storage/fs/fault_injecting_file_system.h"
#include "storage/test_batches.h"

namespace gregor::storage::fs {
namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string read_all(const cached_file& f) {
  std::string out(*f.size(), '\0');
  auto n = f.read_at(0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
  EXPECT_TRUE(n) << n.error();
  out.resize(n ? *n : 0);
  return out;
}

class OpenFileCacheTest : public ::testing::Test {
 protected:
  std::unique_ptr<cached_file> create(open_file_cache& cache, const std::string& name) {
    auto f = cache.open(dir.path / name, open_mode::create_truncate);
    EXPECT_TRUE(f) << f.error();
    return f ? std::move(*f) : nullptr;
  }

  storage::testing::temp_dir dir;
  fault_injecting_file_system faulty{posix_fs()};
};

TEST_F(OpenFileCacheTest, ManyFilesThroughAFewDescriptors) {
  auto cache = open_file_cache::create(posix_fs(), 4);
  std::vector<std::unique_ptr<cached_file>> files;
  for (int i = 0; i < 20; ++i) {
    files.push_back(create(*cache, std::to_string(i) + ".log"));
    ASSERT_TRUE(files.back()->write_at(0, bytes_of("file " + std::to_string(i))));
    EXPECT_LE(cache->open_count(), 4u);
  }
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    size_t i = rng() % files.size();
    std::string expected = "file " + std::to_string(i);
    EXPECT_EQ(read_all(*files[i]), expected);
    ASSERT_TRUE(files[i]->write_at(expected.size(), bytes_of("+")));
    EXPECT_EQ(read_all(*files[rng() % files.size()]).substr(0, 5), "file ");
    EXPECT_EQ(read_all(*files[i]), expected + "+");
    ASSERT_TRUE(files[i]->truncate(expected.size()));
    EXPECT_LE(cache->open_count(), 4u);
  }
  EXPECT_EQ(cache->peak_open_count(), 4u);
  EXPECT_GT(cache->reopens(), 100u);
  files.clear();
  EXPECT_EQ(cache->open_count(), 0u);
}

TEST_F(OpenFileCacheTest, IdleCleanFilesCloseBeforeDirtyOnes) {
  auto cache = open_file_cache::create(faulty, 2);
  auto a = create(*cache, "a");
  auto b = create(*cache, "b");
  ASSERT_TRUE(a->write_at(0, bytes_of("dirty")));  // a is now the most recently used, and dirty
  auto c = create(*cache, "c");
  EXPECT_TRUE(a->is_open());
  EXPECT_FALSE(b->is_open());  // clean, though used after a was created
  EXPECT_EQ(cache->syncs_before_close(), 0u);
}

TEST_F(OpenFileCacheTest, DirtyFileIsSyncedBeforeItsDescriptorCloses) {
  faulty.use_real_sync(false);
  auto cache = open_file_cache::create(faulty, 2);
  auto a = create(*cache, "a");
  auto b = create(*cache, "b");
  ASSERT_TRUE(a->write_at(0, bytes_of("synced by the cache")));
  ASSERT_TRUE(b->write_at(0, bytes_of("still in the page cache")));
  auto c = create(*cache, "c");  // no idle clean file: a, the least recently used, is synced and closed
  EXPECT_FALSE(a->is_open());
  EXPECT_EQ(cache->syncs_before_close(), 1u);
  faulty.crash();  // what was not synced is gone
  EXPECT_EQ(read_all(*a), "synced by the cache");
  EXPECT_EQ(read_all(*b), "");

  // a is clean now: syncing it opens nothing and syncs nothing.
  faulty.reset_counters();
  ASSERT_TRUE(c->write_at(0, bytes_of("c")));
  auto opens = faulty.open_calls();
  ASSERT_TRUE(a->sync());
  EXPECT_EQ(faulty.open_calls(), opens);
  EXPECT_EQ(faulty.sync_calls(), 0u);
}

TEST_F(OpenFileCacheTest, AFailedSyncBeforeCloseIsReportedByTheFilesNextSync) {
  auto cache = open_file_cache::create(faulty, 1);
  auto a = create(*cache, "a.log");
  ASSERT_TRUE(a->write_at(0, bytes_of("data")));
  faulty.fail_next_sync(".log");
  auto b = create(*cache, "b.index");  // closes a; its sync fails
  EXPECT_FALSE(a->is_open());
  EXPECT_FALSE(a->sync());
  EXPECT_FALSE(a->sync()) << "the failure sticks: a retry cannot prove the data durable";
  EXPECT_EQ(read_all(*a), "data");  // reads still work
  ASSERT_TRUE(b->write_at(0, bytes_of("x")));
  EXPECT_TRUE(b->sync());
}

TEST_F(OpenFileCacheTest, SyncIsSkippedOnlyWhenNothingWasWritten) {
  auto cache = open_file_cache::create(faulty, 4);
  auto a = create(*cache, "a");
  faulty.reset_counters();
  ASSERT_TRUE(a->sync());
  EXPECT_EQ(faulty.sync_calls(), 0u);  // new and empty
  ASSERT_TRUE(a->write_at(0, bytes_of("x")));
  ASSERT_TRUE(a->sync());
  ASSERT_TRUE(a->sync());
  EXPECT_EQ(faulty.sync_calls(), 1u);
  ASSERT_TRUE(a->truncate(0));
  ASSERT_TRUE(a->sync());
  EXPECT_EQ(faulty.sync_calls(), 2u);
}

TEST_F(OpenFileCacheTest, TruncatingCreateOfAFileWithDataNeedsASync) {
  { std::ofstream(dir.path / "old") << "old contents"; }
  auto cache = open_file_cache::create(faulty, 4);
  auto f = cache->open(dir.path / "old", open_mode::create_truncate);
  ASSERT_TRUE(f);
  faulty.reset_counters();
  ASSERT_TRUE((*f)->sync());
  EXPECT_EQ(faulty.sync_calls(), 1u);
}

TEST_F(OpenFileCacheTest, ExistingFilesOpenOnFirstUseAndSizeNeedsNoOpen) {
  { std::ofstream(dir.path / "x") << "hello"; }
  auto cache = open_file_cache::create(faulty, 4);
  faulty.reset_counters();
  auto f = cache->open(dir.path / "x", open_mode::read_write);
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)->size().value(), 5u);
  EXPECT_EQ(faulty.open_calls(), 0u);
  EXPECT_EQ(cache->open_count(), 0u);
  EXPECT_EQ(read_all(**f), "hello");
  EXPECT_EQ(faulty.open_calls(), 1u);
  auto missing = cache->open(dir.path / "missing", open_mode::read_write);
  ASSERT_TRUE(missing);
  EXPECT_FALSE((*missing)->size());
  std::vector<uint8_t> buf(4);
  EXPECT_FALSE((*missing)->read_at(0, buf));
}

TEST_F(OpenFileCacheTest, RenamedFilesReopenUnderTheirNewNameRemovedOnesDoNot) {
  auto cache = open_file_cache::create(posix_fs(), 1);
  auto a = create(*cache, "a");
  ASSERT_TRUE(a->write_at(0, bytes_of("aaa")));
  auto b = create(*cache, "b");  // a closes
  ASSERT_FALSE(a->is_open());
  ASSERT_TRUE(a->rename(dir.path / "a.deleted"));
  EXPECT_EQ(a->file_path(), dir.path / "a.deleted");
  EXPECT_EQ(read_all(*a), "aaa");
  EXPECT_TRUE(std::filesystem::exists(dir.path / "a.deleted"));

  // Removed while open: the descriptor keeps serving reads until it is closed.
  ASSERT_TRUE(a->is_open());
  ASSERT_TRUE(a->remove());
  EXPECT_FALSE(std::filesystem::exists(dir.path / "a.deleted"));
  EXPECT_EQ(read_all(*a), "aaa");
  ASSERT_TRUE(b->write_at(0, bytes_of("b")));  // a closes
  std::vector<uint8_t> buf(3);
  EXPECT_FALSE(a->read_at(0, buf));
}

TEST_F(OpenFileCacheTest, ConcurrentUseStaysWithinTheCapPlusFilesInUse) {
  constexpr size_t cap = 3, threads = 4, files_count = 16;
  auto cache = open_file_cache::create(posix_fs(), cap);
  std::vector<std::unique_ptr<cached_file>> files;
  for (size_t i = 0; i < files_count; ++i) {
    files.push_back(create(*cache, std::to_string(i)));
    ASSERT_TRUE(files.back()->write_at(0, bytes_of(std::string(64, static_cast<char>('a' + i)))));
  }
  std::atomic<int> bad{0};
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      std::vector<uint8_t> buf(64);
      for (int i = 0; i < 2000; ++i) {
        size_t k = rng() % files_count;
        if (rng() % 4 == 0) {
          if (!files[k]->sync()) ++bad;
          continue;
        }
        auto n = files[k]->read_at(0, buf);
        if (!n || *n != 64 || buf[0] != 'a' + k || buf[63] != 'a' + k) ++bad;
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_LE(cache->peak_open_count(), cap + threads);
  EXPECT_LE(cache->open_count(), cap);
}

TEST_F(OpenFileCacheTest, DefaultCapLeavesRoomUnderTheOpenFileLimit) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  size_t cap = open_file_cache::default_max_open();
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur >= 64) {
    EXPECT_LT(cap, limit.rlim_cur);
    EXPECT_GE(cap, limit.rlim_cur / 2);
  }
}

}  // namespace
}  // namespace gregor::storage::fs
