#include "protocol/records/record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gregor::records {
namespace {

std::vector<uint8_t> encode(const record_fields& r) {
  std::vector<uint8_t> out;
  append_record(out, r);
  return out;
}

TEST(Record, EncodesTheDocumentedLayout) {
  // length 9 (zigzag 0x12) | attributes 0 | ts delta 0 | offset delta 0 | key len 1 (0x02) "k"
  // | value len 2 (0x04) "v1" | header count 0.
  std::vector<uint8_t> expected = {0x12, 0x00, 0x00, 0x00, 0x02, 'k', 0x04, 'v', '1', 0x00};
  EXPECT_EQ(encode({0, 0, bytes_of("k"), bytes_of("v1"), {}}), expected);
}

TEST(Record, RoundTripsNullsHeadersAndNegativeDeltas) {
  header_ref headers[] = {{"h1", bytes_of("x")}, {"h2", std::nullopt}, {"", bytes_of("")}};
  std::string value(200, 'v');
  record_fields in{-5, 300, std::nullopt, bytes_of(value), headers};
  auto bytes = encode(in);
  EXPECT_EQ(bytes.size(), encoded_record_size(in));
  auto v = decode_record(bytes);
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(v->encoded_size, bytes.size());
  EXPECT_EQ(v->timestamp_delta, -5);
  EXPECT_EQ(v->offset_delta, 300);
  EXPECT_FALSE(v->key);
  ASSERT_TRUE(v->value);
  EXPECT_EQ(v->value->size(), 200u);
  EXPECT_EQ(v->header_count, 3);
  header_cursor c = v->headers();
  header_ref h;
  ASSERT_TRUE(c.next(h));
  EXPECT_EQ(h.key, "h1");
  ASSERT_TRUE(h.value);
  EXPECT_EQ(h.value->size(), 1u);
  ASSERT_TRUE(c.next(h));
  EXPECT_EQ(h.key, "h2");
  EXPECT_FALSE(h.value);
  ASSERT_TRUE(c.next(h));
  EXPECT_EQ(h.key, "");
  ASSERT_TRUE(h.value);
  EXPECT_TRUE(h.value->empty());
  EXPECT_FALSE(c.next(h));
}

TEST(Record, EveryTruncationIsAnError) {
  header_ref headers[] = {{"key", bytes_of("value")}};
  auto bytes = encode({7, 1, bytes_of("k"), bytes_of("v"), headers});
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_record(byte_span(bytes.data(), n))) << "prefix " << n;
  }
}

TEST(Record, DecodeConsumesOnlyItsOwnLength) {
  auto bytes = encode({0, 0, bytes_of("k"), bytes_of("v"), {}});
  size_t one = bytes.size();
  append_record(bytes, {1, 1, std::nullopt, std::nullopt, {}});
  auto v = decode_record(bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->encoded_size, one);
}

TEST(Record, RejectsBadLengths) {
  // Negative record length.
  EXPECT_FALSE(decode_record(std::vector<uint8_t>{0x01}));
  // Key length -2 is not "null".
  EXPECT_FALSE(decode_record(std::vector<uint8_t>{0x0a, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00}));
  // Null header key.
  EXPECT_FALSE(decode_record(std::vector<uint8_t>{0x0e, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01}));
  // Declared length longer than the fields (one spare byte inside the body).
  EXPECT_FALSE(decode_record(std::vector<uint8_t>{0x0e, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00}));
  // Over-long varint (six continuation bytes for an int32).
  EXPECT_FALSE(decode_record(std::vector<uint8_t>{0x80, 0x80, 0x80, 0x80, 0x80, 0x01}));
}

TEST(Record, ToRecordSlicesTheOwner) {
  header_ref headers[] = {{"h", bytes_of("x")}};
  auto owner = shared_bytes::adopt(encode({5, 2, bytes_of("key"), bytes_of("value"), headers}));
  auto v = decode_record(owner.span());
  ASSERT_TRUE(v);
  record r = to_record(*v, owner, 102, 1005);
  EXPECT_EQ(r.offset, 102);
  EXPECT_EQ(r.timestamp, 1005);
  EXPECT_EQ(r.key->as_string_view(), "key");
  EXPECT_EQ(r.value->as_string_view(), "value");
  EXPECT_EQ(r.value->data(), v->value->data());  // no copy
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].key, "h");
  EXPECT_EQ(r.headers[0].value->as_string_view(), "x");
}

}  // namespace
}  // namespace gregor::records
