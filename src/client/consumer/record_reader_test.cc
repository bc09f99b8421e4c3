// record_reader: every codec, positions inside batches, partial batches, CRCs, control batches
// and read_committed filtering, on record sets built in memory.
#include "client/consumer/record_reader.h"

#include <gtest/gtest.h>

#include "protocol/records/batch_builder.h"
#include "protocol/records/control_record.h"

namespace gregor::client {
namespace {

using records::bytes_of;
using records::compression;

std::vector<uint8_t> batch_of(int64_t base_offset, int count, records::batch_options options = {},
                              int64_t timestamp = 1700000000000) {
  options.base_offset = base_offset;
  records::batch_builder builder(options);
  for (int i = 0; i < count; ++i) {
    std::string key = "k" + std::to_string(base_offset + i);
    std::string value = "value-" + std::to_string(base_offset + i);
    std::vector<records::header_ref> headers{{"h", bytes_of("hv")}, {"null", std::nullopt}};
    builder.append(timestamp + i, bytes_of(key), bytes_of(value), headers);
  }
  return builder.finish().value();
}

std::vector<uint8_t> control_batch(int64_t offset, int64_t producer_id, records::control_type type) {
  records::control_batch_options o;
  o.base_offset = offset;
  o.producer_id = producer_id;
  o.producer_epoch = 0;
  o.timestamp_ms = 1700000000000;
  return records::build_control_batch({type, 0}, o).value();
}

std::vector<uint8_t> txn_batch(int64_t base_offset, int count, int64_t producer_id) {
  records::batch_options o;
  o.transactional = true;
  o.producer_id = producer_id;
  o.producer_epoch = 0;
  o.base_sequence = 0;
  return batch_of(base_offset, count, o);
}

completed_fetch fetch_of(std::vector<std::vector<uint8_t>> batches) {
  std::vector<uint8_t> all;
  for (auto& b : batches) all.insert(all.end(), b.begin(), b.end());
  completed_fetch f;
  f.tp = {"t", 3};
  f.records = shared_bytes::adopt(std::move(all));
  return f;
}

std::vector<consumer_record> read_all(record_reader& reader) {
  std::vector<consumer_record> out;
  consumer_record r;
  while (reader.next(r) == record_reader::status::record) out.push_back(r);
  return out;
}

std::vector<int64_t> offsets_of(const std::vector<consumer_record>& records) {
  std::vector<int64_t> out;
  for (const auto& r : records) out.push_back(r.offset);
  return out;
}

TEST(RecordReader, ReadsEveryCodecWithKeysValuesHeadersAndTimestamps) {
  for (auto codec : {compression::none, compression::gzip, compression::snappy, compression::lz4, compression::zstd}) {
    records::batch_options o;
    o.codec = codec;
    record_reader reader(fetch_of({batch_of(0, 3, o), batch_of(3, 2, o)}), 0, {});
    auto got = read_all(reader);
    ASSERT_EQ(got.size(), 5u) << records::compression_name(codec);
    EXPECT_EQ(reader.next_offset(), 5);
    const auto& r = got[4];
    EXPECT_EQ(r.topic, "t");
    EXPECT_EQ(r.partition, 3);
    EXPECT_EQ(r.offset, 4);
    EXPECT_EQ(r.key, "k4");
    EXPECT_EQ(r.value, "value-4");
    EXPECT_EQ(r.timestamp, 1700000000001);
    EXPECT_EQ(r.ts_type, timestamp_type::create_time);
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0], (record_header{"h", std::string("hv")}));
    EXPECT_EQ(r.headers[1], (record_header{"null", std::nullopt}));
    EXPECT_EQ(r.serialized_key_size, 2);
    EXPECT_EQ(r.serialized_value_size, 7);
    EXPECT_EQ(r.serialized_header_size, 1 + 2 + 4);
    EXPECT_FALSE(r.checksum.has_value());
  }
}

TEST(RecordReader, NullKeysAndValuesHaveSizeMinusOne) {
  records::batch_builder builder;
  builder.append(5, std::nullopt, std::nullopt);
  record_reader reader(fetch_of({builder.finish().value()}), 0, {});
  consumer_record r;
  ASSERT_EQ(reader.next(r), record_reader::status::record);
  EXPECT_FALSE(r.key);
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.serialized_key_size, -1);
  EXPECT_EQ(r.serialized_value_size, -1);
  EXPECT_EQ(r.serialized_header_size, -1);
}

TEST(RecordReader, StartsAtThePositionInsideACompressedBatch) {
  records::batch_options o;
  o.codec = compression::lz4;
  record_reader reader(fetch_of({batch_of(10, 5, o), batch_of(15, 5, o)}), 13, {});
  EXPECT_EQ(offsets_of(read_all(reader)), (std::vector<int64_t>{13, 14, 15, 16, 17, 18, 19}));
}

TEST(RecordReader, StopsAtAPartialTrailingBatch) {
  auto second = batch_of(3, 3);
  second.resize(second.size() - 5);
  auto f = fetch_of({batch_of(0, 3), second});
  EXPECT_EQ(next_offset_after(f.records, 0), 3);
  record_reader reader(f, 0, {});
  EXPECT_EQ(offsets_of(read_all(reader)), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(reader.next_offset(), 3);
}

TEST(RecordReader, CrcMismatchIsAnErrorUnlessChecksAreOff) {
  auto bad = batch_of(0, 2);
  bad[bad.size() - 1] ^= 0x01;  // a value byte: only the CRC notices
  {
    record_reader reader(fetch_of({bad}), 0, {});
    consumer_record r;
    EXPECT_EQ(reader.next(r), record_reader::status::error);
    EXPECT_NE(reader.error().find("CRC"), std::string::npos);
    EXPECT_EQ(reader.next_offset(), 0);
  }
  record_reader_options no_crc;
  no_crc.check_crcs = false;
  record_reader reader(fetch_of({bad}), 0, no_crc);
  EXPECT_EQ(read_all(reader).size(), 2u);
}

TEST(RecordReader, SkipsControlBatchesAndMovesPastThem) {
  record_reader reader(fetch_of({batch_of(0, 2), control_batch(2, 9, records::control_type::commit), batch_of(3, 1)}),
                       0, {});
  EXPECT_EQ(offsets_of(read_all(reader)), (std::vector<int64_t>{0, 1, 3}));
  record_reader only_marker(fetch_of({control_batch(7, 9, records::control_type::commit)}), 7, {});
  EXPECT_TRUE(read_all(only_marker).empty());
  EXPECT_EQ(only_marker.next_offset(), 8);
}

TEST(RecordReader, ReadCommittedDropsAbortedTransactions) {
  // Producer 7 aborts offsets 0-2 (marker at 3); producer 8 commits 4-5 (marker at 6); 7 is plain.
  auto make = [] {
    auto f = fetch_of({txn_batch(0, 3, 7), control_batch(3, 7, records::control_type::abort), txn_batch(4, 2, 8),
                       control_batch(6, 8, records::control_type::commit), batch_of(7, 1)});
    f.aborted = {{7, 0}};
    return f;
  };
  record_reader_options committed;
  committed.read_committed = true;
  record_reader reader(make(), 0, committed);
  EXPECT_EQ(offsets_of(read_all(reader)), (std::vector<int64_t>{4, 5, 7}));
  EXPECT_EQ(reader.next_offset(), 8);
  record_reader uncommitted(make(), 0, {});
  EXPECT_EQ(offsets_of(read_all(uncommitted)), (std::vector<int64_t>{0, 1, 2, 4, 5, 7}));
}

TEST(RecordReader, ReadCommittedKeepsALaterTransactionOfTheSameProducer) {
  // Producer 7 aborts 0-1 (marker at 2), then commits 3-4 (marker at 5).
  auto f = fetch_of({txn_batch(0, 2, 7), control_batch(2, 7, records::control_type::abort), txn_batch(3, 2, 7),
                     control_batch(5, 7, records::control_type::commit)});
  f.aborted = {{7, 0}};
  record_reader_options committed;
  committed.read_committed = true;
  record_reader reader(f, 0, committed);
  EXPECT_EQ(offsets_of(read_all(reader)), (std::vector<int64_t>{3, 4}));
}

TEST(RecordReader, LogAppendTimeBatchesUseTheBrokerTimestamp) {
  records::batch_options o;
  o.log_append_time_ms = 1800000000000;
  record_reader reader(fetch_of({batch_of(0, 2, o)}), 0, {});
  auto got = read_all(reader);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].timestamp, 1800000000000);
  EXPECT_EQ(got[1].ts_type, timestamp_type::log_append_time);
}

}  // namespace
}  // namespace gregor::client
