#include "protocol/records/record_batch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/records/control_record.h"
#include "protocol/records/kafka_python_vectors.h"

namespace gregor::records {
namespace {

constexpr compression all_codecs[] = {compression::none, compression::gzip, compression::snappy, compression::lz4,
                                      compression::zstd};

// Bitwise CRC-32C, independent of base/crc32c.
uint32_t reference_crc32c(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
  }
  return ~c;
}

// The two-record batch of the golden tests.
std::vector<uint8_t> small_batch(batch_options options = {}) {
  batch_builder b(options);
  header_ref headers[] = {{"h", bytes_of("x")}};
  b.append(1000, bytes_of("k"), bytes_of("v1"));
  b.append(1005, std::nullopt, bytes_of("v2"), headers);
  auto out = b.finish();
  EXPECT_TRUE(out) << out.error();
  return *out;
}

// Hand-derived from the layout in docs/record-batch.md:
//   record 0: attributes 00, ts delta 0 -> 00, offset delta 0 -> 00, key len 1 -> zigzag 02, "k",
//             value len 2 -> 04, "v1", header count 0 -> 00. Body = 9 bytes, so length 9 -> 12.
//   record 1: 00, ts delta 5 -> 0a, offset delta 1 -> 02, key null (-1) -> 01, value len 2 -> 04,
//             "v2", header count 1 -> 02, header key len 1 -> 02 "h", value len 1 -> 02 "x".
//             Body = 12 bytes, so length 12 -> 18.
//   records = 10 + 13 = 23 bytes; batch = 61 + 23 = 84; batch_length = 84 - 12 = 72 = 0x48.
//   crc = CRC-32C(bytes 21..83) = 0x456669ce (also what kafka-python 2.0.2 writes, see below).
const std::vector<uint8_t> golden_small = {
    0, 0, 0, 0, 0, 0, 0, 0,                          // base_offset 0
    0x00, 0x00, 0x00, 0x48,                          // batch_length 72
    0x00, 0x00, 0x00, 0x00,                          // partition_leader_epoch 0
    0x02,                                            // magic 2
    0x45, 0x66, 0x69, 0xce,                          // crc
    0x00, 0x00,                                      // attributes: none, CreateTime
    0x00, 0x00, 0x00, 0x01,                          // last_offset_delta 1
    0, 0, 0, 0, 0, 0, 0x03, 0xe8,                    // base_timestamp 1000
    0, 0, 0, 0, 0, 0, 0x03, 0xed,                    // max_timestamp 1005
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // producer_id -1
    0xff, 0xff,                                      // producer_epoch -1
    0xff, 0xff, 0xff, 0xff,                          // base_sequence -1
    0x00, 0x00, 0x00, 0x02,                          // records_count 2
    0x12, 0x00, 0x00, 0x00, 0x02, 'k', 0x04, 'v', '1', 0x00,
    0x18, 0x00, 0x0a, 0x02, 0x01, 0x04, 'v', '2', 0x02, 0x02, 'h', 0x02, 'x',
};

TEST(RecordBatch, BuilderMatchesHandDerivedGoldenBytes) {
  auto batch = small_batch({.partition_leader_epoch = 0});
  EXPECT_EQ(batch, golden_small);
  EXPECT_EQ(reference_crc32c(golden_small.data() + 21, golden_small.size() - 21), 0x456669ceu);
}

TEST(RecordBatch, BuilderMatchesKafkaPython) {
  std::vector<uint8_t> reference(std::begin(testdata::kafka_python_plain), std::end(testdata::kafka_python_plain));
  EXPECT_EQ(small_batch({.partition_leader_epoch = 0}), reference);
  EXPECT_EQ(reference, golden_small);
}

TEST(RecordBatch, ReadsKafkaPythonCompressedBatches) {
  const std::pair<const uint8_t*, size_t> vectors[] = {
      {testdata::kafka_python_gzip, sizeof testdata::kafka_python_gzip},
      {testdata::kafka_python_snappy_xerial, sizeof testdata::kafka_python_snappy_xerial},
      {testdata::kafka_python_lz4, sizeof testdata::kafka_python_lz4},
      {testdata::kafka_python_zstd, sizeof testdata::kafka_python_zstd},
  };
  int codec = 1;
  for (auto [data, size] : vectors) {
    byte_span batch(data, size);
    auto h = validate_batch(batch, {.deep = true});
    ASSERT_TRUE(h) << codec << ": " << h.error().detail;
    EXPECT_EQ(static_cast<int>(h->codec()), codec++);
    auto decoded = read_records(batch);
    ASSERT_TRUE(decoded) << decoded.error().detail;
    ASSERT_EQ(decoded->records.size(), 2u);
    const record& r0 = decoded->records[0];
    const record& r1 = decoded->records[1];
    EXPECT_EQ(r0.offset, 0);
    EXPECT_EQ(r0.timestamp, 1000);
    EXPECT_EQ(r0.key->as_string_view(), "k");
    EXPECT_EQ(r0.value->as_string_view(), std::string(100, 'a'));
    EXPECT_EQ(r1.offset, 1);
    EXPECT_EQ(r1.timestamp, 1005);
    EXPECT_FALSE(r1.key);
    EXPECT_EQ(r1.value->as_string_view(), std::string(100, 'b'));
    ASSERT_EQ(r1.headers.size(), 1u);
    EXPECT_EQ(r1.headers[0].key, "h");
    EXPECT_EQ(r1.headers[0].value->as_string_view(), "x");
  }
}

std::vector<std::string> payloads(size_t count, size_t size) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) {
    std::string s;
    while (s.size() < size) s += "record " + std::to_string(i) + " of a round trip; ";
    s.resize(size);
    out.push_back(std::move(s));
  }
  return out;
}

TEST(RecordBatch, EveryCodecRoundTripsAOneMebibyteBatch) {
  auto values = payloads(256, 4096);
  for (compression c : all_codecs) {
    SCOPED_TRACE(std::string(compression_name(c)));
    batch_builder b({.base_offset = 500, .codec = c, .producer_id = 9, .producer_epoch = 2, .base_sequence = 40});
    for (size_t i = 0; i < values.size(); ++i) {
      std::string key = "key-" + std::to_string(i);
      b.append(1'700'000'000'000 + static_cast<int64_t>(i), bytes_of(key), bytes_of(values[i]));
    }
    auto batch = b.finish();
    ASSERT_TRUE(batch);
    auto h = validate_batch(*batch, {.deep = true});
    ASSERT_TRUE(h) << h.error().detail;
    EXPECT_EQ(h->codec(), c);
    EXPECT_EQ(h->records_count, 256);
    EXPECT_EQ(h->last_sequence(), 40 + 255);
    auto decoded = read_records(shared_bytes::adopt(std::move(*batch)));
    ASSERT_TRUE(decoded) << decoded.error().detail;
    ASSERT_EQ(decoded->records.size(), values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(decoded->records[i].offset, 500 + static_cast<int64_t>(i));
      EXPECT_EQ(decoded->records[i].timestamp, 1'700'000'000'000 + static_cast<int64_t>(i));
      EXPECT_EQ(decoded->records[i].value->as_string_view(), values[i]);
    }
  }
}

TEST(RecordBatch, XerialSnappyBatchesRoundTrip) {
  auto batch = small_batch({.codec = compression::snappy, .compress = {.snappy_xerial = true}});
  EXPECT_TRUE(is_xerial_snappy(byte_span(batch).subspan(batch_header_size)));
  EXPECT_TRUE(validate_batch(batch, {.deep = true}));
}

TEST(RecordBatch, RecompressKeepsHeaderFieldsAndRecords) {
  for (compression from : all_codecs) {
    for (compression to : all_codecs) {
      auto source = small_batch({.base_offset = 77, .codec = from, .producer_id = 5, .producer_epoch = 1, .base_sequence = 3});
      auto out = recompress_batch(source, to);
      ASSERT_TRUE(out) << out.error().detail;
      auto h = validate_batch(*out, {.deep = true});
      ASSERT_TRUE(h) << h.error().detail;
      auto before = *parse_batch_header(source);
      EXPECT_EQ(h->codec(), to);
      EXPECT_EQ(h->base_offset, 77);
      EXPECT_EQ(h->base_timestamp, before.base_timestamp);
      EXPECT_EQ(h->max_timestamp, before.max_timestamp);
      EXPECT_EQ(h->producer_id, 5);
      EXPECT_EQ(h->base_sequence, 3);
      auto a = read_records(byte_span(source)), b = read_records(byte_span(*out));
      ASSERT_TRUE(a && b);
      ASSERT_EQ(b->records.size(), 2u);
      EXPECT_EQ(b->records[1].value, a->records[1].value);
      EXPECT_EQ(b->records[1].headers, a->records[1].headers);
    }
  }
}

TEST(RecordBatch, LogAppendTimeSetsMaxTimestampAndKeepsCrcValid) {
  auto batch = small_batch();
  ASSERT_TRUE(set_log_append_time(batch.data(), batch.size(), 99'000));
  auto h = validate_batch(batch);
  ASSERT_TRUE(h) << h.error().detail;
  EXPECT_TRUE(h->log_append_time());
  EXPECT_EQ(h->max_timestamp, 99'000);
  EXPECT_EQ(h->base_timestamp, 1000);
  auto decoded = read_records(byte_span(batch));
  ASSERT_TRUE(decoded);
  for (const record& r : decoded->records) EXPECT_EQ(r.timestamp, 99'000);
  EXPECT_FALSE(set_log_append_time(batch.data(), batch.size() - 1, 1));
}

TEST(RecordBatch, OffsetAndLeaderEpochRewritesKeepCrcValid) {
  auto batch = small_batch();
  set_base_offset(batch.data(), 123456);
  set_partition_leader_epoch(batch.data(), 7);
  auto h = validate_batch(batch);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->base_offset, 123456);
  EXPECT_EQ(read_records(byte_span(batch))->records[1].offset, 123457);
}

}  // namespace
}  // namespace gregor::records
