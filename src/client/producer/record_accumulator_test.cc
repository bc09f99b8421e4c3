// record_accumulator: batching by size, one batch for an oversized record, memory accounting and
// blocking, the sticky partitioner's abort, and the order of batches put back for a retry.
#include "client/producer/record_accumulator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <random>
#include <thread>

#include "client/producer/buffer_pool.h"
#include "client/producer/buffer_recycler.h"
#include "client/producer/incomplete_batches.h"
#include "client/producer/producer_stats.h"
#include "gregor/errors.h"
#include "protocol/records/record_batch.h"

namespace gregor::client {
namespace {

using namespace std::chrono_literals;

struct fixture {
  explicit fixture(int32_t batch_size = 1024, int64_t memory = 1 << 20)
      : pool(memory),
        buffers(buffer_recycler::create(static_cast<size_t>(batch_size), 4)),
        accumulator({batch_size}, batch_services{&pool, buffers.get(), &stats, &incomplete}) {}

  record_accumulator::append_result append(partition_queue& q, const std::string& value,
                                           std::chrono::milliseconds block = 0ms, bool abort_on_new_batch = false) {
    record_input in;
    in.timestamp = 1700000000000;
    in.value = records::bytes_of(value);
    in.facts.value_size = static_cast<int32_t>(value.size());
    size_t upper = records::batch_header_size + records::encoded_record_size({INT64_MIN, INT32_MAX, {}, in.value, {}});
    lazy_deadline deadline(block);
    return accumulator.append(q, "t", in, upper, nullptr, deadline, abort_on_new_batch);
  }
  partition_queue& queue(int32_t p = 0) { return *accumulator.queue(accumulator.add("t"), p); }
  size_t batches(partition_queue& q) {
    std::lock_guard lock(q.mutex);
    return q.batches.size();
  }

  producer_stats stats;
  buffer_pool pool;
  std::shared_ptr<buffer_recycler> buffers;
  incomplete_batches incomplete;
  record_accumulator accumulator;
};

TEST(RecordAccumulator, FillsABatchUpToBatchSize) {
  fixture f(1024);
  auto& q = f.queue();
  std::string value(100, 'v');
  auto first = f.append(q, value);
  EXPECT_TRUE(first.new_batch);
  EXPECT_EQ(first.index, 0);
  int records = 1;
  while (true) {
    auto r = f.append(q, value);
    if (r.new_batch) {
      EXPECT_EQ(r.index, 0);
      EXPECT_NE(r.state, first.state);
      break;
    }
    EXPECT_EQ(r.index, records);
    EXPECT_EQ(r.state, first.state);  // the same batch: one shared outcome
    ++records;
  }
  // ~110 bytes per record after 61 header bytes: 8 records fill 1024 bytes.
  EXPECT_EQ(records, 8);
  std::lock_guard lock(q.mutex);
  ASSERT_EQ(q.batches.size(), 2u);
  EXPECT_FALSE(q.batches[0]->accepting());
  EXPECT_LE(q.batches[0]->size_bytes(), 1024u);
  EXPECT_TRUE(q.batches[1]->accepting());
  EXPECT_LT(q.batches[0]->id(), q.batches[1]->id());
}

TEST(RecordAccumulator, ARecordLargerThanBatchSizeGetsItsOwnBatch) {
  fixture f(1024);
  auto& q = f.queue();
  f.append(q, "small");
  auto big = f.append(q, std::string(5000, 'b'));
  EXPECT_TRUE(big.new_batch);
  auto after = f.append(q, "small");
  EXPECT_TRUE(after.new_batch) << "the oversized batch takes no more records";
  EXPECT_EQ(f.batches(q), 3u);
  // Memory: two normal batches plus one sized for the big record.
  std::string big_value(5000, 'b');
  auto value_span = records::bytes_of(big_value);
  int64_t upper = static_cast<int64_t>(records::batch_header_size +
                                       records::encoded_record_size({INT64_MIN, INT32_MAX, {}, value_span, {}}));
  EXPECT_EQ(f.pool.available(), f.pool.total() - 2 * 1024 - upper);
}

TEST(RecordAccumulator, ClosedBatchesHoldTheRecordsInOrder) {
  fixture f(1 << 16);
  auto& q = f.queue();
  for (int i = 0; i < 50; ++i) f.append(q, "value-" + std::to_string(i));
  std::unique_ptr<producer_batch> batch;
  {
    std::lock_guard lock(q.mutex);
    ASSERT_EQ(q.batches.size(), 1u);
    batch = std::move(q.batches.front());
    q.batches.pop_front();
  }
  for (auto codec : {records::compression::none, records::compression::zstd}) {
    ASSERT_TRUE(batch->closed() || batch->close(codec, {}, 7, 3, 100));
    if (codec == records::compression::zstd) break;
    auto decoded = records::read_records(batch->payload());
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->header.producer_id, 7);
    EXPECT_EQ(decoded->header.producer_epoch, 3);
    EXPECT_EQ(decoded->header.base_sequence, 100);
    ASSERT_EQ(decoded->records.size(), 50u);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(decoded->records[i].value->as_string_view(), "value-" + std::to_string(i));
    batch->restamp(8, 0, 0);
    auto again = records::read_records(batch->payload());
    ASSERT_TRUE(again) << "restamping keeps the CRC valid";
    EXPECT_EQ(again->header.producer_id, 8);
    EXPECT_EQ(again->header.base_sequence, 0);
  }
}

TEST(RecordAccumulator, CompressedBatchesRoundTrip) {
  for (auto codec : {records::compression::gzip, records::compression::snappy, records::compression::lz4,
                     records::compression::zstd}) {
    fixture f(1 << 16);
    auto& q = f.queue();
    for (int i = 0; i < 200; ++i) f.append(q, "compressible value " + std::to_string(i % 10));
    std::unique_ptr<producer_batch> batch;
    {
      std::lock_guard lock(q.mutex);
      batch = std::move(q.batches.front());
      q.batches.pop_front();
    }
    ASSERT_TRUE(batch->close(codec, {}, -1, -1, -1));
    EXPECT_LT(batch->size_bytes(), batch->uncompressed_size());
    auto decoded = records::read_records(batch->payload());
    ASSERT_TRUE(decoded) << records::compression_name(codec);
    EXPECT_EQ(decoded->header.codec(), codec);
    ASSERT_EQ(decoded->records.size(), 200u);
    EXPECT_EQ(decoded->records[199].value->as_string_view(), "compressible value 9");
  }
}

// A random value that fills the batch buffer exactly does not compress: its compressed form is
// larger than the buffer it came from, so it moves to a buffer of its own and must arrive whole.
TEST(RecordAccumulator, BatchesThatGrowUnderCompressionStayWhole) {
  constexpr size_t batch_size = 4096;
  size_t value_size = batch_size - records::batch_header_size;
  auto used_with = [](size_t n) {
    std::string v(n, 'v');
    return records::batch_header_size + records::encoded_record_size({0, 0, {}, records::bytes_of(v), {}});
  };
  while (used_with(value_size) > batch_size) --value_size;
  ASSERT_EQ(used_with(value_size), batch_size);
  std::mt19937 rng(11);
  std::string value(value_size, '\0');
  for (auto& c : value) c = static_cast<char>(rng());

  for (auto codec : {records::compression::gzip, records::compression::snappy, records::compression::lz4,
                     records::compression::zstd}) {
    fixture f(batch_size);
    auto& q = f.queue();
    f.append(q, value);
    std::unique_ptr<producer_batch> batch;
    {
      std::lock_guard lock(q.mutex);
      batch = std::move(q.batches.front());
      q.batches.pop_front();
    }
    ASSERT_EQ(batch->uncompressed_size(), batch_size);
    ASSERT_TRUE(batch->close(codec, {}, -1, -1, -1));
    EXPECT_GT(batch->size_bytes(), batch_size) << records::compression_name(codec);
    auto decoded = records::read_records(batch->payload());
    ASSERT_TRUE(decoded) << records::compression_name(codec);
    ASSERT_EQ(decoded->records.size(), 1u);
    EXPECT_EQ(decoded->records[0].value->as_string_view(), value);
  }
}

TEST(RecordAccumulator, MemoryIsAccountedAndSendBlocksWhenItRunsOut) {
  fixture f(1024, 3 * 1024);
  auto& q0 = f.queue(0);
  auto& q1 = f.queue(1);
  auto& q2 = f.queue(2);
  auto& q3 = f.queue(3);
  f.append(q0, "a");
  f.append(q1, "b");
  f.append(q2, "c");
  EXPECT_EQ(f.pool.available(), 0);
  // Appending to an existing batch needs no memory.
  EXPECT_FALSE(f.append(q0, "more").new_batch);
  // A fourth batch must wait: it times out after the block time with a clear error.
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(f.append(q3, "d", 100ms), kafka_timeout_error);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);

  // Completing a batch returns its memory and lets a blocked send() continue.
  auto blocked = std::async(std::launch::async, [&] { return f.append(q3, "d", 5000ms); });
  while (f.pool.waiters() == 0) std::this_thread::sleep_for(1ms);
  std::unique_ptr<producer_batch> done;
  {
    std::lock_guard lock(q0.mutex);
    done = std::move(q0.batches.front());
    q0.batches.pop_front();
  }
  ASSERT_TRUE(done->close(records::compression::none, {}, -1, -1, -1));
  done->complete(0, -1);
  EXPECT_EQ(blocked.wait_for(100ms), std::future_status::timeout) << "memory returns when the batch is gone";
  done.reset();
  ASSERT_EQ(blocked.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(blocked.get().new_batch);
  EXPECT_EQ(f.stats.records_sent.load(), 2);
}

TEST(RecordAccumulator, AbortOnNewBatchLeavesTheQueueUntouched) {
  fixture f(1024);
  auto& q = f.queue();
  auto r = f.append(q, "x", 0ms, /*abort_on_new_batch=*/true);
  EXPECT_TRUE(r.aborted);
  EXPECT_EQ(f.batches(q), 0u);
  EXPECT_EQ(f.pool.available(), f.pool.total());
  f.append(q, "x");
  auto joined = f.append(q, "y", 0ms, true);
  EXPECT_FALSE(joined.aborted) << "an open batch with room takes the record";
  EXPECT_EQ(joined.index, 1);
}

TEST(RecordAccumulator, RetriedBatchesGoBackInFrontInIdOrder) {
  fixture f(128);
  auto& q = f.queue();
  for (int i = 0; i < 6; ++i) f.append(q, std::string(100, static_cast<char>('a' + i)));
  std::vector<std::unique_ptr<producer_batch>> taken;
  {
    std::lock_guard lock(q.mutex);
    ASSERT_EQ(q.batches.size(), 6u);
    for (int i = 0; i < 3; ++i) {
      taken.push_back(std::move(q.batches.front()));
      q.batches.pop_front();
    }
  }
  std::vector<uint64_t> ids;
  for (auto& b : taken) ids.push_back(b->id());
  // Answers may come back in any order; the queue ends up in creation order again.
  f.accumulator.requeue(q, std::move(taken[2]));
  f.accumulator.requeue(q, std::move(taken[0]));
  f.accumulator.requeue(q, std::move(taken[1]));
  std::lock_guard lock(q.mutex);
  ASSERT_EQ(q.batches.size(), 6u);
  for (size_t i = 0; i + 1 < q.batches.size(); ++i) EXPECT_LT(q.batches[i]->id(), q.batches[i + 1]->id());
  EXPECT_EQ(q.batches[0]->id(), ids[0]);
  EXPECT_FALSE(q.batches[2]->accepting());
}

TEST(RecordAccumulator, UnfinishedBatchesFailTheirRecordsWhenDropped) {
  fixture f;
  auto& q = f.queue();
  auto r = f.append(q, "lost");
  f.accumulator.take_all();
  ASSERT_TRUE(r.state->done());
  ASSERT_NE(r.state->error(), nullptr);
  EXPECT_EQ(f.pool.available(), f.pool.total());
  EXPECT_EQ(f.incomplete.size(), 0u);
}

TEST(IncompleteBatches, FlushWaitsOnlyForOlderBatches) {
  incomplete_batches t;
  uint64_t a = t.add();
  uint64_t below = t.next_id();
  uint64_t b = t.add();
  EXPECT_FALSE(t.wait_below(below, std::chrono::steady_clock::now() + 10ms));
  t.remove(a);
  EXPECT_TRUE(t.wait_below(below, std::chrono::steady_clock::now())) << "b is newer than the flush";
  t.remove(b);
  EXPECT_EQ(t.size(), 0u);
}

}  // namespace
}  // namespace gregor::client
