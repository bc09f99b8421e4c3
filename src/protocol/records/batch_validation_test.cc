// validate_batch, split_batches and decoders against broken input: one test per corruption mode.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/records/control_record.h"
#include "protocol/records/record_batch.h"

namespace gregor::records {
namespace {

std::vector<uint8_t> build(batch_options options = {}, int records = 3) {
  batch_builder b(options);
  header_ref headers[] = {{"trace", bytes_of("abc")}};
  for (int i = 0; i < records; ++i) {
    std::string value = "value-" + std::to_string(i);
    b.append(5000 + i, bytes_of("key"), bytes_of(value), headers);
  }
  return *b.finish();
}

batch_error error_of(byte_span batch, validate_options options = {.deep = true}) {
  auto r = validate_batch(batch, options);
  return r ? batch_error::none : r.error().error;
}

// Rewrites a header field and reseals the CRC, as a buggy (not corrupting) client would.
template <class T>
void patch(std::vector<uint8_t>& batch, size_t at, T value) {
  store_be<T>(batch.data() + at, value);
  seal_batch(batch.data(), batch.size());
}

TEST(BatchValidation, CorruptEveryByteIsDetectedExceptWhereTheCrcDoesNotReach) {
  for (compression c : {compression::none, compression::gzip, compression::zstd}) {
    auto good = build({.codec = c});
    ASSERT_EQ(error_of(good), batch_error::none);
    for (size_t i = 0; i < good.size(); ++i) {
      for (uint8_t mask : {0x01, 0x80, 0xff}) {
        auto bad = good;
        bad[i] ^= mask;
        bool uncovered = i < 8 || (i >= 12 && i < 16);  // base_offset, partition_leader_epoch
        batch_error e = error_of(bad);
        if (uncovered) {
          EXPECT_EQ(e, batch_error::none) << "byte " << i;
        } else {
          EXPECT_EQ(e, batch_error::corrupt_message) << "byte " << i << " mask " << int(mask);
        }
        (void)read_records(byte_span(bad));  // must not crash either way
      }
    }
  }
}

TEST(BatchValidation, CorruptEveryByteUnderAValidCrcNeverCrashes) {
  // The CRC hides nothing here: each flipped batch is resealed, so the decoders see it.
  for (compression c : {compression::none, compression::snappy, compression::lz4}) {
    auto good = build({.codec = c});
    for (size_t i = attributes_offset; i < good.size(); ++i) {
      for (uint8_t mask : {0x01, 0x40, 0xff}) {
        auto bad = good;
        bad[i] ^= mask;
        seal_batch(bad.data(), bad.size());
        (void)validate_batch(bad, {.deep = true, .max_uncompressed_bytes = 1 << 20});
        auto r = read_records(byte_span(bad), 1 << 20);
        if (r) { EXPECT_LE(r->records.size(), 3u); }
      }
    }
  }
}

TEST(BatchValidation, EveryTruncationIsCorrupt) {
  auto good = build({.codec = compression::lz4});
  for (size_t n = 0; n < good.size(); ++n) {
    byte_span prefix(good.data(), n);
    EXPECT_EQ(error_of(prefix), batch_error::corrupt_message) << n;
    EXPECT_FALSE(split_batches(prefix) && n != 0) << n;
    EXPECT_FALSE(read_records(prefix));
  }
}

TEST(BatchValidation, WrongMagicIsCorrupt) {
  auto batch = build();
  patch<int8_t>(batch, magic_offset, 1);
  EXPECT_EQ(error_of(batch), batch_error::corrupt_message);
}

TEST(BatchValidation, TrailingBytesAfterTheBatchAreCorrupt) {
  auto batch = build();
  batch.push_back(0);
  EXPECT_EQ(error_of(batch), batch_error::corrupt_message);
}

TEST(BatchValidation, LastOffsetDeltaMustMatchRecordsCount) {
  auto batch = build();
  patch<int32_t>(batch, 23, 5);  // last_offset_delta
  EXPECT_EQ(error_of(batch, {}), batch_error::invalid_record);
}

TEST(BatchValidation, EmptyBatchFromAClientIsInvalid) {
  auto batch = build({}, 0);
  EXPECT_EQ(error_of(batch, {}), batch_error::invalid_record);
}

TEST(BatchValidation, InnerOffsetDeltasMustRunFromZero) {
  batch_builder b;
  b.append_with_delta(1, 10, std::nullopt, bytes_of("a"));
  b.append_with_delta(1, 10, std::nullopt, bytes_of("b"));
  auto batch = *b.finish();  // header says last delta 1, count 2: only decoding finds the gap
  EXPECT_EQ(error_of(batch, {.deep = false}), batch_error::none);
  EXPECT_EQ(error_of(batch, {.deep = true}), batch_error::invalid_record);
}

TEST(BatchValidation, RecordsCountLargerThanTheRecordsIsCorruptWhenDeep) {
  auto batch = build({.codec = compression::gzip});
  patch<int32_t>(batch, 23, 3);  // last_offset_delta consistent with a count of 4
  patch<int32_t>(batch, 57, 4);
  EXPECT_EQ(error_of(batch, {.deep = false}), batch_error::none);
  EXPECT_EQ(error_of(batch, {.deep = true}), batch_error::corrupt_message);
}

TEST(BatchValidation, UndecompressablePayloadIsCorruptWhenDeep) {
  auto batch = build({.codec = compression::zstd});
  batch[batch_header_size + 10] ^= 0xff;
  seal_batch(batch.data(), batch.size());
  EXPECT_EQ(error_of(batch, {.deep = true}), batch_error::corrupt_message);
}

TEST(BatchValidation, ControlBatchesAreRefusedFromClientsOnly) {
  auto marker = build_control_batch({control_type::commit, 4}, {.producer_id = 8, .producer_epoch = 0, .timestamp_ms = 1});
  ASSERT_TRUE(marker);
  EXPECT_EQ(error_of(*marker), batch_error::invalid_record);
  EXPECT_EQ(error_of(*marker, {.deep = true, .client_origin = false}), batch_error::none);
  auto decoded = read_records(byte_span(*marker));
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->header.is_control());
  EXPECT_TRUE(decoded->header.is_transactional());
  ASSERT_EQ(decoded->records.size(), 1u);
  EXPECT_EQ(parse_control_key(decoded->records[0].key->span()), control_type::commit);
  EXPECT_EQ(decoded->records[0].value->as_string_view(), std::string("\0\0\0\0\0\4", 6));
  EXPECT_EQ(parse_control_key(std::vector<uint8_t>{0, 1, 0, 0}), std::nullopt);  // unknown version
}

TEST(BatchValidation, ProducerIdNeedsASequence) {
  EXPECT_EQ(error_of(build({.producer_id = 3, .producer_epoch = 0, .base_sequence = -1})), batch_error::invalid_record);
  EXPECT_EQ(error_of(build({.producer_id = 3, .producer_epoch = 0, .base_sequence = 0})), batch_error::none);
}

TEST(BatchValidation, CompressionTypeChecks) {
  auto zstd = build({.codec = compression::zstd});
  EXPECT_EQ(error_of(zstd, {.allow_zstd = false}), batch_error::unsupported_compression_type);
  auto bogus = build();
  patch<int16_t>(bogus, attributes_offset, 5);
  EXPECT_EQ(error_of(bogus), batch_error::unsupported_compression_type);
}

TEST(BatchValidation, DecompressionBombIsCorruptNotACrash) {
  batch_builder b({.codec = compression::zstd});
  std::vector<uint8_t> zeros(4 << 20, 0);
  b.append(1, std::nullopt, byte_span(zeros));
  auto batch = *b.finish();
  EXPECT_LT(batch.size(), 4096u);
  auto r = validate_batch(batch, {.deep = true, .max_uncompressed_bytes = 1 << 20});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, batch_error::corrupt_message);
  EXPECT_NE(r.error().detail.find("limit"), std::string::npos) << r.error().detail;
  EXPECT_FALSE(read_records(byte_span(batch), 1 << 20));
  EXPECT_FALSE(recompress_batch(batch, compression::gzip, {}, 1 << 20));
  EXPECT_TRUE(read_records(byte_span(batch), 8 << 20));
}

TEST(SplitBatches, CutsConcatenatedBatches) {
  std::vector<uint8_t> set;
  std::vector<size_t> sizes;
  for (compression c : {compression::none, compression::snappy, compression::gzip}) {
    auto b = build({.codec = c});
    sizes.push_back(b.size());
    set.insert(set.end(), b.begin(), b.end());
  }
  auto parts = split_batches(set);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*parts)[i].size(), sizes[i]);
    EXPECT_TRUE(validate_batch((*parts)[i], {.deep = true}));
  }
  EXPECT_TRUE(split_batches(byte_span()) && split_batches(byte_span())->empty());
}

TEST(SplitBatches, TrailingPartialBatchIsCorrupt) {
  auto set = build();
  auto second = build();
  set.insert(set.end(), second.begin(), second.begin() + 30);
  auto r = split_batches(set);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().error, batch_error::corrupt_message);
}

TEST(SplitBatches, BatchLengthShorterThanAHeaderIsCorrupt) {
  auto set = build();
  store_be<int32_t>(set.data() + batch_length_offset, 10);
  EXPECT_FALSE(split_batches(set));
  store_be<int32_t>(set.data() + batch_length_offset, -1);
  EXPECT_FALSE(split_batches(set));
}

}  // namespace
}  // namespace gregor::records
