#include "producer/producer_state_table.h"

#include <gtest/gtest.h>

#include <limits>

namespace gregor::producer {
namespace {

constexpr int64_t pid = 42;
constexpr int32_t int32_max = std::numeric_limits<int32_t>::max();

incoming_batch batch(int32_t base_sequence, int32_t records = 1, int16_t epoch = 0, int64_t id = pid) {
  return incoming_batch{id, epoch, base_sequence, records - 1, false};
}

// Appends like the log would: check, then record at the next offsets. Returns the first offset.
class table_fixture : public ::testing::Test {
 protected:
  int64_t append(const incoming_batch& b, int64_t now_ms = 1000) {
    EXPECT_TRUE(std::holds_alternative<outcome::append>(table_.check(b)));
    const int64_t first = next_offset_;
    next_offset_ += b.last_offset_delta + 1;
    table_.record_append(b, first, next_offset_ - 1, /*max_timestamp=*/first * 10, now_ms);
    return first;
  }
  template <class T>
  bool is(const incoming_batch& b) const {
    return std::holds_alternative<T>(table_.check(b));
  }

  producer_state_table table_;
  int64_t next_offset_ = 100;
};

using ProducerStateTable = table_fixture;

TEST(Sequence, WrapsPastInt32Max) {
  EXPECT_EQ(add_to_sequence(int32_max, 1), 0);
  EXPECT_EQ(add_to_sequence(int32_max - 1, 2), 0);
  EXPECT_EQ(add_to_sequence(int32_max - 1, 4), 2);
  EXPECT_EQ(add_to_sequence(5, 3), 8);
  EXPECT_TRUE(is_next_sequence(int32_max, 0));
  EXPECT_TRUE(is_next_sequence(7, 8));
  EXPECT_FALSE(is_next_sequence(7, 9));
  EXPECT_EQ(batch(int32_max - 1, 3).last_sequence(), 0);
}

TEST_F(ProducerStateTable, NonIdempotentBatchesAlwaysAppend) {
  EXPECT_TRUE(is<outcome::append>(incoming_batch{}));
  table_.record_append(incoming_batch{}, 0, 0, 0, 0);
  EXPECT_TRUE(table_.empty());
}

TEST_F(ProducerStateTable, AcceptsInOrderAppends) {
  append(batch(0, 3));
  append(batch(3, 1));
  append(batch(4, 10));
  const producer_entry* entry = table_.find(pid);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->epoch, 0);
  ASSERT_EQ(entry->batches.size(), 3u);
  EXPECT_EQ(entry->batches.back(), (batch_metadata{4, 13, 104, 113, 1040}));
  EXPECT_TRUE(is<outcome::append>(batch(14)));
}

TEST_F(ProducerStateTable, ProducersWhollyBelowTheLogStartAreForgotten) {
  append(batch(0, 3));  // offsets 100..102
  incoming_batch other = batch(0, 2);
  other.producer_id = pid + 1;
  append(other);        // offsets 103..104
  EXPECT_EQ(table_.remove_before(103), 1u);
  EXPECT_EQ(table_.find(pid), nullptr);
  EXPECT_NE(table_.find(pid + 1), nullptr);
  EXPECT_EQ(table_.remove_before(104), 0u);  // its last batch still reaches 104
  EXPECT_EQ(table_.remove_before(105), 1u);
  EXPECT_TRUE(table_.empty());
}

TEST_F(ProducerStateTable, DuplicateOfEachOfTheLastFiveReturnsOriginalOffsets) {
  std::vector<int64_t> firsts;
  for (int i = 0; i < 7; ++i) firsts.push_back(append(batch(i * 2, 2)));
  // Batches 2..6 are cached.
  for (int i = 2; i < 7; ++i) {
    check_result r = table_.check(batch(i * 2, 2));
    ASSERT_TRUE(std::holds_alternative<outcome::duplicate>(r)) << "batch " << i;
    const auto& d = std::get<outcome::duplicate>(r);
    EXPECT_EQ(d.first_offset, firsts[i]);
    EXPECT_EQ(d.last_offset, firsts[i] + 1);
    EXPECT_EQ(d.max_timestamp, firsts[i] * 10);
    EXPECT_EQ(kafka_error_number(r), 0);
  }
}

TEST_F(ProducerStateTable, SixthOldestBatchIsNoLongerRecognized) {
  for (int i = 0; i < 6; ++i) append(batch(i));
  EXPECT_TRUE(is<outcome::duplicate>(batch(1)));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(0)));
  EXPECT_EQ(kafka_error_number(table_.check(batch(0))), 45);
}

TEST_F(ProducerStateTable, PartialOverlapWithACachedBatchIsOutOfOrder) {
  append(batch(0, 5));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(0, 3)));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(2, 3)));
}

TEST_F(ProducerStateTable, GapIsOutOfOrder) {
  append(batch(0, 2));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(3)));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(1000)));
  EXPECT_TRUE(is<outcome::append>(batch(2)));
}

TEST_F(ProducerStateTable, UnknownProducerMustStartAtSequenceZero) {
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(5)));
  EXPECT_TRUE(is<outcome::append>(batch(0)));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(-1)));
}

TEST_F(ProducerStateTable, OlderEpochIsFenced) {
  append(batch(0, 1, 3));
  check_result r = table_.check(batch(1, 1, 2));
  EXPECT_TRUE(std::holds_alternative<outcome::invalid_producer_epoch>(r));
  EXPECT_EQ(kafka_error_number(r), 47);
  // Even a retry of a batch it once wrote.
  EXPECT_TRUE(is<outcome::invalid_producer_epoch>(batch(0, 1, 2)));
}

TEST_F(ProducerStateTable, EpochBumpResetsSequences) {
  append(batch(0, 5, 0));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(5, 1, 1)));
  append(batch(0, 2, 1));
  const producer_entry* entry = table_.find(pid);
  EXPECT_EQ(entry->epoch, 1);
  EXPECT_EQ(entry->batches.size(), 1u);
  EXPECT_TRUE(is<outcome::append>(batch(2, 1, 1)));
  EXPECT_TRUE(is<outcome::invalid_producer_epoch>(batch(5, 1, 0)));
  // The old epoch's batch (0..4) is gone; (0..1) of the new epoch is the duplicate now.
  EXPECT_TRUE(is<outcome::duplicate>(batch(0, 2, 1)));
}

TEST_F(ProducerStateTable, SequenceWrapsAroundToZero) {
  // Reach the top of the sequence space through a restored state.
  table_.restore(pid, producer_entry{0, {batch_metadata{int32_max - 10, int32_max - 3, 0, 7, 0}}, 0});
  append(batch(int32_max - 2, 3));  // ends exactly at INT32_MAX
  EXPECT_TRUE(is<outcome::append>(batch(0)));
  EXPECT_TRUE(is<outcome::out_of_order_sequence>(batch(1)));
  append(batch(0, 4));
  append(batch(4));
  // A batch that straddles the wrap.
  table_.restore(pid, producer_entry{0, {batch_metadata{int32_max - 4, int32_max - 2, 0, 2, 0}}, 0});
  append(batch(int32_max - 1, 4));  // sequences MAX-1, MAX, 0, 1
  EXPECT_EQ(table_.find(pid)->batches.back().last_sequence, 1);
  EXPECT_TRUE(is<outcome::duplicate>(batch(int32_max - 1, 4)));
  EXPECT_TRUE(is<outcome::append>(batch(2)));
}

TEST_F(ProducerStateTable, ProducersAreIndependent) {
  append(batch(0, 1, 0, 1));
  append(batch(0, 1, 0, 2));
  EXPECT_TRUE(is<outcome::append>(batch(1, 1, 0, 1)));
  EXPECT_TRUE(is<outcome::duplicate>(batch(0, 1, 0, 2)));
  EXPECT_EQ(table_.size(), 2u);
}

TEST_F(ProducerStateTable, ExpiresIdleProducers) {
  append(batch(0, 1, 0, 1), /*now_ms=*/1'000);
  append(batch(0, 1, 0, 2), /*now_ms=*/50'000'000);
  EXPECT_EQ(table_.expire(1'000 + default_producer_id_expiration_ms - 1), 0u);
  EXPECT_EQ(table_.expire(1'000 + default_producer_id_expiration_ms), 1u);
  EXPECT_EQ(table_.find(1), nullptr);
  EXPECT_NE(table_.find(2), nullptr);
  EXPECT_EQ(table_.expire(50'000'100, 100), 1u);
  EXPECT_TRUE(table_.empty());
}

TEST_F(ProducerStateTable, ReplayRebuildsTheSameState) {
  producer_state_table replayed;
  for (int i = 0; i < 8; ++i) {
    const int64_t first = append(batch(i * 3, 3));
    replayed.replay_batch(batch(i * 3, 3), first, first + 2, first * 10);
  }
  ASSERT_NE(replayed.find(pid), nullptr);
  EXPECT_EQ(replayed.find(pid)->batches, table_.find(pid)->batches);
  EXPECT_EQ(replayed.find(pid)->batches.size(), max_cached_batches);
  EXPECT_TRUE(std::holds_alternative<outcome::duplicate>(replayed.check(batch(21, 3))));
}

}  // namespace
}  // namespace gregor::producer
