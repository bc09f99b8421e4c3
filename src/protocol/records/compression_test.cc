#include "protocol/records/compression.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <random>
#include <string>
#include <vector>

namespace gregor::records {
namespace {

constexpr compression all_codecs[] = {compression::none, compression::gzip, compression::snappy, compression::lz4,
                                      compression::zstd};
constexpr compression real_codecs[] = {compression::gzip, compression::snappy, compression::lz4, compression::zstd};

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// Text-like data: compresses, but not trivially.
std::vector<uint8_t> compressible_bytes(size_t n) {
  std::mt19937 rng(7);
  static const char* words[] = {"kafka ", "gregor ", "record ", "batch ", "offset ", "partition "};
  std::vector<uint8_t> out;
  out.reserve(n);
  while (out.size() < n) {
    const char* w = words[rng() % 6];
    for (const char* p = w; *p && out.size() < n; ++p) out.push_back(static_cast<uint8_t>(*p));
  }
  return out;
}

void expect_round_trip(compression c, const std::vector<uint8_t>& input, compress_options options = {}) {
  auto packed = compress(c, input, options);
  ASSERT_TRUE(packed) << packed.error();
  auto plain = decompress(c, *packed, input.size());
  ASSERT_TRUE(plain) << compression_name(c) << ": " << plain.error();
  EXPECT_TRUE(*plain == input) << compression_name(c);
}

TEST(Compression, EveryCodecRoundTripsSmallEmptyAndOneMebibyte) {
  for (compression c : all_codecs) {
    SCOPED_TRACE(std::string(compression_name(c)));
    expect_round_trip(c, {});
    expect_round_trip(c, {'x'});
    expect_round_trip(c, compressible_bytes(1 << 20));
    expect_round_trip(c, random_bytes(1 << 20, 1));
  }
}

// compress_to writes into a caller's window: compress_bound is always enough (even for data that
// grows), less than the bound fails cleanly, and nothing past the written length is touched.
TEST(Compression, CompressToFitsItsBoundAndRefusesLess) {
  for (compression c : all_codecs) {
    for (bool xerial : {false, true}) {
      SCOPED_TRACE(std::string(compression_name(c)) + (xerial ? " xerial" : ""));
      compress_options options;
      options.snappy_xerial = xerial;
      for (const auto& input : {random_bytes(100000, 3), compressible_bytes(100000), std::vector<uint8_t>{}}) {
        size_t bound = compress_bound(c, input.size(), options);
        std::vector<uint8_t> window(bound + 16, 0xAB);
        auto n = compress_to(c, input, window.data(), bound, options);
        ASSERT_TRUE(n) << n.error();
        ASSERT_LE(*n, bound);
        for (size_t i = bound; i < window.size(); ++i) ASSERT_EQ(window[i], 0xAB);
        auto plain = decompress(c, byte_span(window.data(), *n), input.size());
        ASSERT_TRUE(plain) << plain.error();
        EXPECT_TRUE(*plain == input);
        if (!input.empty() && c != compression::lz4) {
          // lz4 frames are checked against their bound up front; the others notice when they run out.
          EXPECT_FALSE(compress_to(c, input, window.data(), std::min<size_t>(*n, 8) - 1, options));
        }
      }
    }
  }
}

TEST(Compression, CompressibleDataShrinks) {
  auto input = compressible_bytes(1 << 20);
  for (compression c : real_codecs) {
    auto packed = compress(c, input);
    ASSERT_TRUE(packed);
    EXPECT_LT(packed->size(), input.size() / 2) << compression_name(c);
  }
}

TEST(Compression, SnappyReadsXerialAndRawAndWritesRawByDefault) {
  auto input = compressible_bytes(100000);  // several 32 KiB xerial blocks
  auto raw = compress(compression::snappy, input);
  ASSERT_TRUE(raw);
  EXPECT_FALSE(is_xerial_snappy(*raw));
  auto xerial = compress(compression::snappy, input, {.snappy_xerial = true});
  ASSERT_TRUE(xerial);
  ASSERT_TRUE(is_xerial_snappy(*xerial));
  // Header: magic, version 1, compat 1, then the first block's big-endian length.
  const uint8_t header[16] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
  EXPECT_TRUE(std::equal(header, header + 16, xerial->begin()));
  for (const auto* packed : {&*raw, &*xerial}) {
    auto plain = decompress(compression::snappy, *packed, input.size());
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_TRUE(*plain == input);
  }
}

TEST(Compression, SnappyReadsXerialBlocksWrittenBySnappyItself) {
  // Built by hand from the framing rules, independent of our encoder.
  std::string a(5000, 'a'), b = "tail";
  std::string ca, cb;
  snappy::Compress(a.data(), a.size(), &ca);
  snappy::Compress(b.data(), b.size(), &cb);
  std::vector<uint8_t> framed = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
  for (const std::string* block : {&ca, &cb}) {
    uint32_t n = static_cast<uint32_t>(block->size());
    framed.insert(framed.end(), {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)});
    framed.insert(framed.end(), block->begin(), block->end());
  }
  auto plain = decompress(compression::snappy, framed, 1 << 20);
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_EQ(std::string(plain->begin(), plain->end()), a + b);
}

TEST(Compression, DecompressionBombIsAnError) {
  std::vector<uint8_t> zeros(8 << 20, 0);
  for (compression c : real_codecs) {
    SCOPED_TRACE(std::string(compression_name(c)));
    auto packed = compress(c, zeros);
    ASSERT_TRUE(packed);
    auto small = decompress(c, *packed, 1 << 20);
    ASSERT_FALSE(small);
    EXPECT_NE(small.error().find("limit"), std::string::npos) << small.error();
    // The limit is inclusive: exactly the output size passes, one byte less fails.
    EXPECT_TRUE(decompress(c, *packed, zeros.size()));
    EXPECT_FALSE(decompress(c, *packed, zeros.size() - 1));
  }
  EXPECT_FALSE(decompress(compression::none, zeros, 100));
}

TEST(Compression, FailedDecompressionLeavesTheOutputAsItWas) {
  std::vector<uint8_t> out = {1, 2, 3};
  auto packed = compress(compression::zstd, compressible_bytes(100000));
  ASSERT_TRUE(packed);
  EXPECT_FALSE(decompress_into(compression::zstd, *packed, out, 1000));
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 2, 3}));
  ASSERT_TRUE(decompress_into(compression::zstd, *packed, out, 100000));
  EXPECT_EQ(out.size(), 100003u);
}

TEST(Compression, GarbageNeverCrashesAndIsRejected) {
  for (compression c : real_codecs) {
    SCOPED_TRACE(std::string(compression_name(c)));
    for (uint32_t seed = 0; seed < 200; ++seed) {
      auto junk = random_bytes(1 + seed * 7 % 300, seed);
      // Random bytes are almost never valid; snappy's raw format is the permissive one, so only
      // require that nothing crashes and nothing exceeds the limit.
      auto r = decompress(c, junk, 1 << 20);
      if (r) {
        EXPECT_LE(r->size(), size_t{1} << 20);
      } else {
        EXPECT_FALSE(r.error().empty());
      }
    }
  }
}

TEST(Compression, EveryTruncationOfAStreamFails) {
  auto input = compressible_bytes(3000);
  for (compression c : real_codecs) {
    SCOPED_TRACE(std::string(compression_name(c)));
    auto packed = compress(c, input);
    ASSERT_TRUE(packed);
    for (size_t n = 0; n < packed->size(); ++n) {
      auto r = decompress(c, byte_span(packed->data(), n), 1 << 20);
      EXPECT_TRUE(!r || *r != input) << "prefix " << n << " of " << packed->size();
    }
  }
}

TEST(Compression, EveryFlippedByteIsHandled) {
  auto input = compressible_bytes(2000);
  for (compression c : real_codecs) {
    auto packed = compress(c, input);
    ASSERT_TRUE(packed);
    for (size_t i = 0; i < packed->size(); ++i) {
      auto copy = *packed;
      copy[i] ^= 0x5a;
      auto r = decompress(c, copy, 1 << 16);  // must not crash; any outcome within the limit
      if (r) { EXPECT_LE(r->size(), size_t{1} << 16); }
    }
  }
}

TEST(Compression, ConcatenatedGzipMembersAndLz4FramesAreRead) {
  for (compression c : {compression::gzip, compression::lz4, compression::zstd}) {
    std::vector<uint8_t> joined;
    ASSERT_TRUE(compress_into(c, compressible_bytes(1000), joined));
    ASSERT_TRUE(compress_into(c, compressible_bytes(500), joined));
    auto plain = decompress(c, joined, 1 << 20);
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_EQ(plain->size(), 1500u);
  }
}

TEST(Compression, GzipRejectsTrailingGarbage) {
  auto packed = compress(compression::gzip, compressible_bytes(1000));
  ASSERT_TRUE(packed);
  packed->push_back(0x42);
  EXPECT_FALSE(decompress(compression::gzip, *packed, 1 << 20));
}

TEST(Compression, UnknownCodecIdsAreErrors) {
  auto bogus = static_cast<compression>(6);
  EXPECT_FALSE(is_known_compression(bogus));
  EXPECT_EQ(compression_name(bogus), "unknown");
  EXPECT_FALSE(compress(bogus, std::vector<uint8_t>{1}));
  EXPECT_FALSE(decompress(bogus, std::vector<uint8_t>{1}, 10));
}

}  // namespace
}  // namespace gregor::records
