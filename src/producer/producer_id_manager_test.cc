#include "producer/producer_id_manager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "producer/atomic_file.h"
#include "producer/test_dir.h"

namespace gregor::producer {
namespace {

using testing::test_dir;

std::unique_ptr<producer_id_manager> open_or_die(const std::filesystem::path& dir, int64_t block = 1000) {
  auto manager = producer_id_manager::open(dir, block);
  EXPECT_TRUE(manager.has_value()) << manager.error();
  return manager ? std::move(*manager) : nullptr;
}

int64_t next_id(producer_id_manager& manager) {
  auto id = manager.allocate();
  EXPECT_TRUE(id.has_value()) << id.error();
  EXPECT_EQ(id->producer_epoch, 0);
  return id->producer_id;
}

TEST(ProducerIdManager, StartsAtZeroAndIncreases) {
  test_dir dir;
  auto manager = open_or_die(dir.path());
  for (int64_t expected = 0; expected < 2500; ++expected) ASSERT_EQ(next_id(*manager), expected);
}

TEST(ProducerIdManager, ReservesTheBlockBeforeHandingOutIds) {
  test_dir dir;
  auto manager = open_or_die(dir.path());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / producer_id_block_file_name));
  next_id(*manager);
  auto bytes = read_whole_file(dir.path() / producer_id_block_file_name);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(producer_id_manager::decode_block_file(std::string(bytes->begin(), bytes->end())), 1000);
}

TEST(ProducerIdManager, NeverRepeatsIdsAcrossRestarts) {
  test_dir dir;
  std::set<int64_t> seen;
  int64_t last = -1;
  for (int restart = 0; restart < 5; ++restart) {
    auto manager = open_or_die(dir.path());
    for (int i = 0; i < 1 + restart * 700; ++i) {
      const int64_t id = next_id(*manager);
      EXPECT_GT(id, last);
      EXPECT_TRUE(seen.insert(id).second) << id;
      last = id;
    }
  }
}

TEST(ProducerIdManager, ConcurrentAllocationGivesUniqueIds) {
  test_dir dir;
  auto manager = open_or_die(dir.path(), 100);
  constexpr int threads = 8;
  constexpr int per_thread = 2000;
  std::vector<std::vector<int64_t>> ids(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto id = manager->allocate();
        if (id) ids[t].push_back(id->producer_id);
      }
    });
  }
  for (auto& w : workers) w.join();
  std::vector<int64_t> all;
  for (const auto& v : ids) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));  // monotonic as seen by each thread
    all.insert(all.end(), v.begin(), v.end());
  }
  ASSERT_EQ(all.size(), size_t{threads * per_thread});
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  EXPECT_EQ(all.front(), 0);
  EXPECT_EQ(all.back(), threads * per_thread - 1);
}

TEST(ProducerIdManager, CorruptBlockFileIsAnError) {
  test_dir dir;
  {
    auto manager = open_or_die(dir.path());
    next_id(*manager);
  }
  const auto path = dir.path() / producer_id_block_file_name;
  auto bytes = read_whole_file(path);
  ASSERT_TRUE(bytes.has_value());
  for (size_t i = 0; i < bytes->size(); ++i) {
    std::vector<uint8_t> bad = *bytes;
    bad[i] ^= 0x01;
    ASSERT_TRUE(write_file_atomically(path, bad).has_value());
    EXPECT_FALSE(producer_id_manager::open(dir.path()).has_value()) << "byte " << i;
  }
}

TEST(ProducerIdManager, BlockFileFormat) {
  const std::string text = producer_id_manager::encode_block_file(12000);
  EXPECT_TRUE(text.starts_with("gregor-producer-id-block v1 next=12000 crc="));
  EXPECT_EQ(producer_id_manager::decode_block_file(text), 12000);
  EXPECT_FALSE(producer_id_manager::decode_block_file(text + "x").has_value());
  EXPECT_FALSE(producer_id_manager::decode_block_file("").has_value());
}

TEST(ProducerIdManager, UnwritableDirectoryFailsAllocation) {
  test_dir dir;
  auto manager = open_or_die(dir.path() / "missing");
  ASSERT_NE(manager, nullptr);
  EXPECT_FALSE(manager->allocate().has_value());
}

}  // namespace
}  // namespace gregor::producer
