// buffer_pool: memory accounting against buffer_memory, blocking and timing out.
#include "client/producer/buffer_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "gregor/errors.h"

namespace gregor::client {
namespace {

using namespace std::chrono_literals;

auto in(std::chrono::milliseconds d) { return std::chrono::steady_clock::now() + d; }

TEST(BufferPool, AllocatesAndReleases) {
  buffer_pool pool(1000);
  pool.allocate(400, in(0ms));
  pool.allocate(600, in(0ms));
  EXPECT_EQ(pool.available(), 0);
  EXPECT_FALSE(pool.try_allocate(1));
  pool.release(600);
  EXPECT_EQ(pool.available(), 600);
  EXPECT_TRUE(pool.try_allocate(600));
}

TEST(BufferPool, FullPoolTimesOutWithAClearMessage) {
  buffer_pool pool(100);
  pool.allocate(100, in(0ms));
  auto start = std::chrono::steady_clock::now();
  try {
    pool.allocate(10, in(100ms));
    FAIL() << "expected a timeout";
  } catch (const kafka_timeout_error& e) {
    EXPECT_NE(std::string(e.what()).find("buffer_memory"), std::string::npos) << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);
  EXPECT_EQ(pool.waiters(), 0);
}

TEST(BufferPool, ReleaseWakesAWaiter) {
  buffer_pool pool(100);
  pool.allocate(100, in(0ms));
  auto waiter = std::async(std::launch::async, [&] { pool.allocate(50, in(5000ms)); });
  while (pool.waiters() == 0) std::this_thread::sleep_for(1ms);
  pool.release(60);
  ASSERT_EQ(waiter.wait_for(2s), std::future_status::ready);
  waiter.get();
  EXPECT_EQ(pool.available(), 10);
}

TEST(BufferPool, WaitersAreServedInArrivalOrder) {
  buffer_pool pool(100);
  pool.allocate(100, in(0ms));
  auto big = std::async(std::launch::async, [&] { pool.allocate(80, in(5000ms)); });
  while (pool.waiters() < 1) std::this_thread::sleep_for(1ms);
  auto small = std::async(std::launch::async, [&] { pool.allocate(10, in(5000ms)); });
  while (pool.waiters() < 2) std::this_thread::sleep_for(1ms);
  // 20 free: enough for the small request, but the big one came first and keeps its turn.
  pool.release(20);
  EXPECT_EQ(small.wait_for(100ms), std::future_status::timeout);
  pool.release(70);  // 90 free: big takes 80, then small takes 10
  big.get();
  small.get();
  EXPECT_EQ(pool.available(), 0);
}

TEST(BufferPool, CloseReleasesBlockedSenders) {
  buffer_pool pool(10);
  pool.allocate(10, in(0ms));
  auto waiter = std::async(std::launch::async, [&] { pool.allocate(5, in(10000ms)); });
  while (pool.waiters() == 0) std::this_thread::sleep_for(1ms);
  pool.close();
  EXPECT_THROW(waiter.get(), illegal_state_error);
}

}  // namespace
}  // namespace gregor::client
