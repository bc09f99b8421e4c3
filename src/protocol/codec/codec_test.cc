// The generic codec: golden bytes for classic and flexible encodings, tagged fields, and garbage.
#include "protocol/codec/codec.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "protocol/messages/api_versions.h"
#include "protocol/messages/fetch.h"
#include "protocol/request_header.h"

namespace gregor::protocol {
namespace {

std::vector<uint8_t> encode_body(const auto& m, int16_t version) {
  writer w;
  encode(w, m, version);
  return w.flatten();
}

api_versions_response sample_response() {
  api_versions_response r;
  r.error_code = 0;
  r.api_keys = {{18, 0, 4}, {3, 0, 12}};
  r.throttle_time_ms = 7;
  return r;
}

TEST(Codec, ClassicArrayUsesInt32CountGoldenBytes) {
  std::vector<uint8_t> expected = {
      0x00, 0x00,              // error_code
      0x00, 0x00, 0x00, 0x02,  // api_keys count (int32)
      0x00, 0x12, 0x00, 0x00, 0x00, 0x04,
      0x00, 0x03, 0x00, 0x00, 0x00, 0x0c,
      0x00, 0x00, 0x00, 0x07,  // throttle_time_ms (v1+)
  };
  EXPECT_EQ(encode_body(sample_response(), 1), expected);
  // v0 has no throttle field.
  expected.resize(expected.size() - 4);
  EXPECT_EQ(encode_body(sample_response(), 0), expected);
}

TEST(Codec, FlexibleArrayUsesCompactCountAndTaggedFieldsGoldenBytes) {
  std::vector<uint8_t> expected = {
      0x00, 0x00,                          // error_code
      0x03,                                // compact count: 2 + 1
      0x00, 0x12, 0x00, 0x00, 0x00, 0x04, 0x00,  // element + its empty tagged fields
      0x00, 0x03, 0x00, 0x00, 0x00, 0x0c, 0x00,
      0x00, 0x00, 0x00, 0x07,              // throttle_time_ms
      0x00,                                // no tagged fields: all at their defaults
  };
  EXPECT_EQ(encode_body(sample_response(), 3), expected);
}

TEST(Codec, NonDefaultTaggedFieldIsWrittenAndReadBack) {
  auto r = sample_response();
  r.finalized_features_epoch = 5;
  auto bytes = encode_body(r, 3);
  // ... tagged fields: count 1, tag 1, size 8, int64 5
  std::vector<uint8_t> tail = {0x01, 0x01, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x05};
  ASSERT_GE(bytes.size(), tail.size());
  EXPECT_TRUE(std::equal(tail.begin(), tail.end(), bytes.end() - tail.size()));
  reader rd(shared_bytes::copy_of(byte_span(bytes)));
  api_versions_response back;
  ASSERT_TRUE(decode(rd, back, 3));
  EXPECT_EQ(back, r);
}

TEST(Codec, UnknownTaggedFieldsAreSkipped) {
  std::vector<uint8_t> body = {
      0x06, 'g', 'r', 'e', 'g', 'o',   // compact string "grego"
      0x02, '1',                        // compact string "1"
      0x01, 0x09, 0x03, 0xaa, 0xbb, 0xcc,  // one unknown tag 9 of 3 bytes
  };
  reader rd(shared_bytes::copy_of(byte_span(body)));
  api_versions_request req;
  ASSERT_TRUE(decode(rd, req, 3));
  EXPECT_EQ(req.client_software_name, "grego");
  EXPECT_EQ(req.client_software_version, "1");
  EXPECT_EQ(rd.remaining(), 0u);
}

TEST(Codec, EveryTruncationOfAValidBodyFailsCleanly) {
  auto bytes = encode_body(sample_response(), 3);
  for (size_t n = 0; n < bytes.size(); ++n) {
    reader rd(shared_bytes::copy_of(byte_span(bytes.data(), n)));
    api_versions_response back;
    EXPECT_FALSE(decode(rd, back, 3)) << "prefix of " << n << " bytes";
  }
}

TEST(Codec, HugeArrayCountIsRejectedWithoutAllocating) {
  std::vector<uint8_t> body = {0x00, 0x00, 0x7f, 0xff, 0xff, 0xff};
  reader rd(shared_bytes::copy_of(byte_span(body)));
  api_versions_response back;
  EXPECT_FALSE(decode(rd, back, 0));
}

TEST(Codec, RoundTripAtEveryValidVersion) {
  auto r = sample_response();
  for (int16_t v = api_versions_response::valid.lo; v <= api_versions_response::valid.hi; ++v) {
    auto bytes = encode_body(r, v);
    reader rd(shared_bytes::copy_of(byte_span(bytes)));
    api_versions_response back;
    ASSERT_TRUE(decode(rd, back, v)) << "v" << v;
    EXPECT_EQ(rd.remaining(), 0u);
    if (v == 0) back.throttle_time_ms = r.throttle_time_ms;
    EXPECT_EQ(back, r) << "v" << v;
  }
}

TEST(RequestHeader, V2KeepsInt16ClientIdAndSkipsTags) {
  std::vector<uint8_t> bytes = {0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x2a,
                                0x00, 0x03, 'a', 'b', 'c', 0x01, 0x00, 0x01, 0xff};
  reader rd(shared_bytes::copy_of(byte_span(bytes)));
  request_header h;
  ASSERT_TRUE(read_request_header(rd, h, true));
  EXPECT_EQ(h.api_key, 18);
  EXPECT_EQ(h.api_version, 3);
  EXPECT_EQ(h.correlation_id, 42);
  EXPECT_EQ(h.client_id, "abc");
  EXPECT_EQ(rd.remaining(), 0u);
}

// A file region of `contents` at `offset` in a fresh unlinked temporary file.
file_region region_of(const std::string& contents, uint64_t offset) {
  char name[] = "/tmp/gregor-codec-test-XXXXXX";
  int fd = ::mkstemp(name);
  EXPECT_GE(fd, 0);
  ::unlink(name);
  std::string file = std::string(offset, 'x') + contents + "trailing";
  EXPECT_EQ(::pwrite(fd, file.data(), file.size(), 0), static_cast<ssize_t>(file.size()));
  return file_region(fd, offset, contents.size());
}

TEST(Writer, FileRegionsAreSplicedByReferenceAndEncodeLikeBytes) {
  const std::string records(10'000, 'r');
  fetch_response with_file, with_bytes;
  for (auto* r : {&with_file, &with_bytes}) {
    auto& p = r->responses.emplace_back().partitions.emplace_back();
    r->responses[0].topic = "t";
    p.partition_index = 3;
    p.high_watermark = 42;
  }
  with_file.responses[0].partitions[0].records.file = region_of(records, 123);
  with_bytes.responses[0].partitions[0].records.bytes = shared_bytes::copy_of(records);

  for (int16_t v : {int16_t{4}, int16_t{12}}) {  // classic and flexible lengths
    writer w;
    encode(w, with_file, v);
    EXPECT_TRUE(w.has_file_regions());
    size_t file_pieces = 0;
    w.for_each_piece([&]<class Piece>(const Piece& piece) {
      if constexpr (std::is_same_v<Piece, file_region>) {
        ++file_pieces;
        EXPECT_EQ(piece.offset(), 123u);
        EXPECT_EQ(piece.size(), records.size());
      }
    });
    EXPECT_EQ(file_pieces, 1u);
    // A caller that can only send bytes must not be handed a file region silently.
    EXPECT_THROW(w.for_each_piece([](byte_span) {}), std::logic_error);
    // Flattened (the file read back), it is the very encoding of the same records as bytes.
    EXPECT_EQ(w.flatten(), encode_body(with_bytes, v)) << "v" << v;
    EXPECT_EQ(w.size(), w.flatten().size());
  }
}

}  // namespace
}  // namespace gregor::protocol
