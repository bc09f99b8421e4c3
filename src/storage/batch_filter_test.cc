#include "storage/batch_filter.h"

#include <gtest/gtest.h>

#include "protocol/records/batch_builder.h"
#include "protocol/records/compression.h"
#include "protocol/records/record_batch.h"
#include "storage/compaction_test_util.h"

namespace gregor::storage {
namespace {

using records::bytes_of;

// A batch at base offset 100 with records (key, value or tombstone) and one header per record.
std::vector<uint8_t> batch_at_100(records::compression codec, bool xerial = false) {
  records::batch_options o;
  o.base_offset = 100;
  o.partition_leader_epoch = 4;
  o.codec = codec;
  o.compress.snappy_xerial = xerial;
  records::batch_builder b(o);
  records::header_ref h{"trace", bytes_of("abc")};
  b.append(5'000, bytes_of("a"), bytes_of("1"), {&h, 1});
  b.append(5'010, bytes_of("b"), std::nullopt, {&h, 1});
  b.append(5'020, bytes_of("c"), bytes_of("3"), {&h, 1});
  return *b.finish();
}

records::batch_header header_of(const std::vector<uint8_t>& b) { return *records::parse_batch_header(b); }

TEST(BatchFilter, UnchangedBatchIsVerbatim) {
  key_map map(1 << 20);
  auto b = batch_at_100(records::compression::none);
  map.put(bytes_of("a"), 100);
  auto f = filter_batch(b, header_of(b), false, {&map, 100, 0, 1000});  // tombstone not covered: untouched
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fate, batch_fate::verbatim);
  EXPECT_EQ(f->pending_horizon_ms, -1);
}

TEST(BatchFilter, StampsTheDeleteHorizonAndKeepsTimestampsAndHeaders) {
  key_map map(1 << 20);
  map.put(bytes_of("a"), 200);  // a newer "a" exists
  auto b = batch_at_100(records::compression::zstd);
  auto f = filter_batch(b, header_of(b), false, {&map, 1000, 7'000, 500});
  ASSERT_TRUE(f);
  ASSERT_EQ(f->fate, batch_fate::rewritten);
  EXPECT_EQ(f->records_removed, 1);
  EXPECT_EQ(f->pending_horizon_ms, 7'500);
  auto d = records::read_records(f->bytes);
  ASSERT_TRUE(d) << d.error().detail;
  EXPECT_EQ(d->header.base_offset, 100);
  EXPECT_EQ(d->header.last_offset_delta, 2);
  EXPECT_EQ(d->header.partition_leader_epoch, 4);
  EXPECT_EQ(d->header.codec(), records::compression::zstd);
  EXPECT_TRUE(d->header.attributes & records::attr_delete_horizon);
  EXPECT_EQ(d->header.base_timestamp, 7'500);
  EXPECT_EQ(d->header.max_timestamp, 5'020);
  ASSERT_EQ(d->records.size(), 2u);
  EXPECT_EQ(d->records[0].offset, 101);
  EXPECT_EQ(d->records[0].timestamp, 5'010);
  EXPECT_FALSE(d->records[0].value);
  EXPECT_EQ(d->records[1].offset, 102);
  EXPECT_EQ(d->records[1].timestamp, 5'020);
  ASSERT_EQ(d->records[1].headers.size(), 1u);
  EXPECT_EQ(d->records[1].headers[0].key, "trace");
  EXPECT_EQ(testing::text_of(d->records[1].headers[0].value), "abc");

  // Before the horizon the stamped batch passes unchanged; at the horizon its tombstone goes.
  auto again = filter_batch(f->bytes, header_of(f->bytes), false, {&map, 1000, 7'499, 500});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->fate, batch_fate::verbatim);
  EXPECT_EQ(again->pending_horizon_ms, 7'500);
  auto gone = filter_batch(f->bytes, header_of(f->bytes), false, {&map, 1000, 7'500, 500});
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->tombstones_removed, 1);
  auto left = records::read_records(gone->bytes);
  ASSERT_TRUE(left);
  ASSERT_EQ(left->records.size(), 1u);
  EXPECT_EQ(left->records[0].timestamp, 5'020);
}

TEST(BatchFilter, SnappyKeepsItsFraming) {
  for (bool xerial : {false, true}) {
    key_map map(1 << 20);
    map.put(bytes_of("c"), 300);
    auto b = batch_at_100(records::compression::snappy, xerial);
    auto f = filter_batch(b, header_of(b), false, {&map, 100, 0, 0});
    ASSERT_TRUE(f);
    ASSERT_EQ(f->fate, batch_fate::rewritten);
    byte_span section = byte_span(f->bytes).subspan(records::batch_header_size);
    EXPECT_EQ(records::is_xerial_snappy(section), xerial);
    EXPECT_TRUE(records::read_records(f->bytes));
  }
}

TEST(BatchFilter, EmptiedBatchKeepsOffsetsAndProducer) {
  key_map map(1 << 20);
  for (auto k : {"a", "b", "c"}) map.put(bytes_of(k), 999);
  records::batch_options o;
  o.base_offset = 100;
  o.codec = records::compression::gzip;
  o.producer_id = 9;
  o.producer_epoch = 2;
  o.base_sequence = 40;
  records::batch_builder builder(o);
  for (auto k : {"a", "b", "c"}) builder.append(1, bytes_of(k), bytes_of("v"));
  auto b = *builder.finish();
  auto dropped = filter_batch(b, header_of(b), false, {&map, 1000, 0, 0});
  ASSERT_TRUE(dropped);
  EXPECT_EQ(dropped->fate, batch_fate::dropped);
  auto kept = filter_batch(b, header_of(b), true, {&map, 1000, 0, 0});
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->fate, batch_fate::emptied);
  auto d = records::read_records(kept->bytes);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->records.empty());
  EXPECT_EQ(d->header.base_offset, 100);
  EXPECT_EQ(d->header.last_offset_delta, 2);
  EXPECT_EQ(d->header.producer_id, 9);
  EXPECT_EQ(d->header.producer_epoch, 2);
  EXPECT_EQ(d->header.base_sequence, 40);
  EXPECT_EQ(d->header.codec(), records::compression::none);
}

TEST(BatchFilter, KeylessRecordsGoControlBatchesStay) {
  key_map map(1 << 20);
  records::batch_builder b;
  b.append(1, std::nullopt, bytes_of("no key"));
  b.append(1, bytes_of("k"), bytes_of("v"));
  auto batch = *b.finish();
  auto f = filter_batch(batch, header_of(batch), false, {&map, 1000, 0, 0});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->records_removed, 1);
  records::batch_options o;
  o.control = true;
  o.transactional = true;
  records::batch_builder c(o);
  c.append(1, std::nullopt, std::nullopt);  // a control batch is never filtered, whatever it holds
  auto control = *c.finish();
  f = filter_batch(control, header_of(control), false, {&map, 1000, 0, 0});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fate, batch_fate::verbatim);
}

}  // namespace
}  // namespace gregor::storage
