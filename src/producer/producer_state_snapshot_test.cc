#include "producer/producer_state_snapshot.h"

#include <gtest/gtest.h>

#include <fstream>

#include "base/byte_order.h"
#include "base/crc32c.h"
#include "producer/atomic_file.h"
#include "producer/test_dir.h"

namespace gregor::producer {
namespace {

using testing::test_dir;

producer_state_table sample_table() {
  producer_state_table table;
  int64_t offset = 0;
  for (int64_t id : {7, 3, 1000000007}) {
    for (int i = 0; i < 7; ++i) {
      incoming_batch b{id, static_cast<int16_t>(id % 3), i * 2, 1, false};
      table.record_append(b, offset, offset + 1, 5000 + offset, 9000 + offset);
      offset += 2;
    }
  }
  table.restore(99, producer_entry{4, {}, 123});  // a producer with no cached batch
  return table;
}

void write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  ASSERT_TRUE(write_file_atomically(path, bytes).has_value());
}

TEST(SnapshotFileName, IsTwentyDigitsAndParsesBack) {
  EXPECT_EQ(snapshot_file_name(12345), "00000000000000012345.snapshot");
  EXPECT_EQ(parse_snapshot_file_name("00000000000000012345.snapshot"), 12345);
  EXPECT_EQ(parse_snapshot_file_name("00000000000000012345.snapshot.tmp"), std::nullopt);
  EXPECT_EQ(parse_snapshot_file_name("0000000000000001234x.snapshot"), std::nullopt);
  EXPECT_EQ(parse_snapshot_file_name("00000000000000012345.log"), std::nullopt);
  EXPECT_EQ(parse_snapshot_file_name("99999999999999999999.snapshot"), std::nullopt);
}

TEST(ProducerSnapshot, EncodeDecodeRoundTrips) {
  const producer_state_table table = sample_table();
  const std::vector<uint8_t> bytes = encode_snapshot(table, 4242);
  auto decoded = decode_snapshot(bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(decoded->offset, 4242);
  EXPECT_EQ(decoded->table, table);
  EXPECT_EQ(decoded->table.find(7)->batches.size(), max_cached_batches);
  // Deterministic: re-encoding gives the same bytes.
  EXPECT_EQ(encode_snapshot(decoded->table, 4242), bytes);
}

TEST(ProducerSnapshot, GoldenBytesOfASmallTable) {
  producer_state_table table;
  table.restore(1, producer_entry{2, {batch_metadata{0, 4, 10, 14, 99}}, 7});
  const std::vector<uint8_t> bytes = encode_snapshot(table, 15);
  const std::vector<uint8_t> body = {
      'G', 'P', 'S', 'T', 0, 1,                // magic, version
      0, 0, 0, 0, 0, 0, 0, 15,                 // snapshot offset
      0, 0, 0, 1,                              // producer count
      0, 0, 0, 0, 0, 0, 0, 1, 0, 2,            // producer id, epoch
      0, 0, 0, 0, 0, 0, 0, 7, 1,               // last activity, batch count
      0, 0, 0, 0, 0, 0, 0, 4,                  // first/last sequence
      0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 14,  // first/last offset
      0, 0, 0, 0, 0, 0, 0, 99};                // max timestamp
  ASSERT_EQ(bytes.size(), body.size() + 4);
  EXPECT_TRUE(std::equal(body.begin(), body.end(), bytes.begin()));
  const uint32_t crc = crc32c(body.data(), body.size());
  EXPECT_EQ(load_be<uint32_t>(bytes.data() + body.size()), crc);
}

TEST(ProducerSnapshot, FlippingAnyByteIsDetected) {
  const std::vector<uint8_t> good = encode_snapshot(sample_table(), 77);
  for (size_t i = 0; i < good.size(); ++i) {
    std::vector<uint8_t> bad = good;
    bad[i] ^= 0x01;
    EXPECT_FALSE(decode_snapshot(bad).has_value()) << "byte " << i;
    bad[i] ^= 0xff;  // every bit flipped relative to the original
    EXPECT_FALSE(decode_snapshot(bad).has_value()) << "byte " << i;
  }
}

TEST(ProducerSnapshot, TruncationAndTrailingBytesAreDetected) {
  const std::vector<uint8_t> good = encode_snapshot(sample_table(), 77);
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_snapshot(std::span(good).first(n)).has_value()) << "length " << n;
  }
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  EXPECT_FALSE(decode_snapshot(longer).has_value());
}

TEST(ProducerSnapshot, WriteThenLoadLatest) {
  test_dir dir;
  const producer_state_table table = sample_table();
  ASSERT_TRUE(write_snapshot(dir.path(), table, 100).has_value());
  producer_state_table later = table;
  later.record_append(incoming_batch{5, 0, 0, 0, false}, 200, 200, 1, 1);
  ASSERT_TRUE(write_snapshot(dir.path(), later, 201).has_value());

  auto loaded = load_latest_snapshot(dir.path());
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->offset, 201);
  EXPECT_EQ((*loaded)->table, later);
  EXPECT_TRUE((*loaded)->skipped.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / (snapshot_file_name(201) + ".tmp")));

  // A log truncated below 201 must not use that snapshot.
  auto older = load_latest_snapshot(dir.path(), 150);
  ASSERT_TRUE(older.has_value() && older->has_value());
  EXPECT_EQ((*older)->offset, 100);
  EXPECT_EQ((*older)->table, table);
  EXPECT_EQ((*older)->skipped.size(), 1u);
}

TEST(ProducerSnapshot, EmptyDirectoryHasNoSnapshot) {
  test_dir dir;
  auto loaded = load_latest_snapshot(dir.path());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
}

TEST(ProducerSnapshot, KeepsOnlyTheLatestTwo) {
  test_dir dir;
  for (int64_t offset : {10, 20, 30, 40}) {
    ASSERT_TRUE(write_snapshot(dir.path(), sample_table(), offset).has_value());
  }
  auto offsets = list_snapshots(dir.path());
  ASSERT_TRUE(offsets.has_value());
  EXPECT_EQ(*offsets, (std::vector<int64_t>{30, 40}));
}

TEST(ProducerSnapshot, CorruptLatestFallsBackToOlder) {
  test_dir dir;
  ASSERT_TRUE(write_snapshot(dir.path(), sample_table(), 10).has_value());
  ASSERT_TRUE(write_snapshot(dir.path(), producer_state_table{}, 20).has_value());
  auto bytes = read_whole_file(dir.path() / snapshot_file_name(20));
  ASSERT_TRUE(bytes.has_value());
  (*bytes)[bytes->size() / 2] ^= 0x40;
  write_bytes(dir.path() / snapshot_file_name(20), *bytes);

  auto loaded = load_latest_snapshot(dir.path());
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ((*loaded)->offset, 10);
  ASSERT_EQ((*loaded)->skipped.size(), 1u);
  EXPECT_NE((*loaded)->skipped[0].find("crc"), std::string::npos);
}

TEST(ProducerSnapshot, AllCorruptIsAnError) {
  test_dir dir;
  write_bytes(dir.path() / snapshot_file_name(10), {1, 2, 3});
  auto loaded = load_latest_snapshot(dir.path());
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find(snapshot_file_name(10)), std::string::npos);
}

TEST(ProducerSnapshot, OffsetMustMatchTheFileName) {
  test_dir dir;
  write_bytes(dir.path() / snapshot_file_name(10), encode_snapshot(sample_table(), 11));
  EXPECT_FALSE(load_latest_snapshot(dir.path()).has_value());
}

TEST(ProducerSnapshot, DeleteSnapshotsAboveATruncationPoint) {
  test_dir dir;
  for (int64_t offset : {10, 20}) ASSERT_TRUE(write_snapshot(dir.path(), sample_table(), offset));
  ASSERT_TRUE(delete_snapshots_above(dir.path(), 15).has_value());
  EXPECT_EQ(*list_snapshots(dir.path()), (std::vector<int64_t>{10}));
}

}  // namespace
}  // namespace gregor::producer
