// Compression codecs for the records section of a v2 batch (attribute bits 0-2).
//
//   gzip   : a zlib deflate stream in the gzip wrapper (RFC 1952); concatenated members are read.
//   snappy : either xerial framing -- "\x82SNAPPY\0", int32 BE version, int32 BE compat, then
//            repeated [int32 BE length, raw snappy block] -- or one raw snappy block. Decoding
//            detects the magic; encoding writes raw snappy unless xerial is asked for.
//   lz4    : the LZ4 frame format (magic 0x184D2204), 64 KiB independent blocks when encoding.
//   zstd   : zstd frames, decoded with the streaming API because producers may omit the content size.
// See docs/record-batch.md for the details.
//
// Decompression takes an output limit and fails (never crashes, never allocates beyond the limit
// plus one chunk) when the data would expand past it: a zip bomb is an error, as is garbage.
// Thread-safety: stateless free functions; codec contexts are per call or thread-local.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/shared_bytes.h"
#include "protocol/records/batch_header.h"

namespace gregor::records {

struct compress_options {
  // Codec level; 0 picks the codec's default (gzip 6, lz4 fast, zstd 3). Ignored by snappy.
  int level = 0;
  // Snappy only: write xerial framing (as the Java client does) instead of one raw block.
  bool snappy_xerial = false;
};

// Block size of xerial framing when we write it (kafka-python and snappy-java use 32 KiB).
constexpr size_t xerial_block_size = 32 * 1024;

// The most bytes compress_to can write for `input_size` bytes of input.
size_t compress_bound(compression codec, size_t input_size, const compress_options& options = {});
// Writes the compressed form of `input` to out[0, capacity) and returns its length; fails if
// capacity is below compress_bound. compression::none copies. The window is not zero-filled
// first, so a caller may reuse one scratch buffer without paying for clearing it.
result<size_t> compress_to(compression codec, byte_span input, uint8_t* out, size_t capacity,
                           const compress_options& options = {});
// Appends the compressed form of `input` to `out`. compression::none appends a copy.
result<void> compress_into(compression codec, byte_span input, std::vector<uint8_t>& out,
                           const compress_options& options = {});
result<std::vector<uint8_t>> compress(compression codec, byte_span input, const compress_options& options = {});

// Appends the decompressed form of `input` to `out`; fails if that would exceed `max_output`
// bytes (counting only what this call appends) or if the input is malformed or truncated.
result<void> decompress_into(compression codec, byte_span input, std::vector<uint8_t>& out, size_t max_output);
result<std::vector<uint8_t>> decompress(compression codec, byte_span input, size_t max_output);

// True if `input` starts with the xerial snappy magic.
bool is_xerial_snappy(byte_span input);

// "none", "gzip", ... ("unknown" for ids 5-7).
std::string_view compression_name(compression codec);
// True for ids 0-4.
bool is_known_compression(compression codec);

}  // namespace gregor::records
