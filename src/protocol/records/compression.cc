#include "protocol/records/compression.h"

#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <string>

#include "base/byte_order.h"

namespace gregor::records {
namespace {

constexpr uint8_t xerial_magic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
constexpr size_t xerial_header_size = 16;  // magic, int32 version, int32 compat

// Growable output window for streaming decoders. It never hands out more than one byte past the
// limit, so a bomb is detected after at most limit+1 bytes are written.
class bounded_sink {
 public:
  bounded_sink(std::vector<uint8_t>& out, size_t max) : out_(out), base_(out.size()), max_(max) {}

  // A writable region after what has been committed so far (never empty).
  std::pair<uint8_t*, size_t> window() {
    size_t want = std::clamp<size_t>(used_, 64 * 1024, 4 * 1024 * 1024);
    size_t room = max_ - std::min(used_, max_);
    if (room < want) want = room + 1;  // room < want <= 4 MiB, so this cannot overflow
    if (out_.size() < base_ + used_ + want) out_.resize(base_ + used_ + want);
    return {out_.data() + base_ + used_, out_.size() - base_ - used_};
  }
  // Room left under the limit.
  size_t room() const { return max_ - std::min(used_, max_); }
  // Exactly n writable bytes (the caller checked n <= room()); commit(n) after filling them.
  uint8_t* take(size_t n) {
    if (out_.size() < base_ + used_ + n) out_.resize(base_ + used_ + n);
    return out_.data() + base_ + used_;
  }
  void commit(size_t n) { used_ += n; }
  bool exceeded() const { return used_ > max_; }
  size_t used() const { return used_; }
  // Trims the spare capacity of the last window.
  void finish() { out_.resize(base_ + used_); }
  // Drops everything this sink appended.
  void discard() { out_.resize(base_); }

 private:
  std::vector<uint8_t>& out_;
  size_t base_;
  size_t max_;
  size_t used_ = 0;
};

std::string err(compression c, std::string_view what) {
  return std::string(compression_name(c)) + ": " + std::string(what);
}

std::string limit_error(compression c, size_t max) {
  return err(c, "decompressed size exceeds the limit of " + std::to_string(max) + " bytes");
}

// ---- gzip -------------------------------------------------------------------------------------

// zlib's deflateBound for our settings (windowBits 15, memLevel 8) is compressBound's stored-block
// bound with an 18-byte gzip wrapper instead of zlib's 6; a little extra covers other zlib builds.
size_t gzip_bound(size_t n) { return compressBound(static_cast<uLong>(std::min<size_t>(n, UINT_MAX))) + 12 + 64; }

result<size_t> gzip_compress(byte_span in, uint8_t* out, size_t capacity, int level) {
  if (in.size() > UINT_MAX) return fail(err(compression::gzip, "input too large"));
  z_stream zs{};
  if (deflateInit2(&zs, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return fail(err(compression::gzip, "deflateInit2 failed"));
  }
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out;
  zs.avail_out = static_cast<uInt>(std::min<size_t>(capacity, UINT_MAX));
  int rc = deflate(&zs, Z_FINISH);  // with room for deflateBound, one call suffices
  size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return fail(err(compression::gzip, "deflate did not finish (output too small)"));
  return written;
}

result<void> gzip_decompress(byte_span in, bounded_sink& sink, size_t max) {
  if (in.size() > UINT_MAX) return fail(err(compression::gzip, "input too large"));
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return fail(err(compression::gzip, "inflateInit2 failed"));
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  for (;;) {
    auto [ptr, size] = sink.window();
    zs.next_out = ptr;
    zs.avail_out = static_cast<uInt>(std::min<size_t>(size, UINT_MAX));
    uInt in_before = zs.avail_in, out_before = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    sink.commit(out_before - zs.avail_out);
    if (sink.exceeded()) return fail(limit_error(compression::gzip, max));
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) return {};
      // Another gzip member may follow (readers of concatenated gzip accept that); anything
      // else is trailing garbage.
      if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b) {
        return fail(err(compression::gzip, "trailing bytes after the gzip stream"));
      }
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return fail(err(compression::gzip, zs.msg ? zs.msg : "inflate failed"));
    }
    if (zs.avail_in == 0 && zs.avail_out != 0) return fail(err(compression::gzip, "truncated stream"));
    if (zs.avail_in == in_before && zs.avail_out == out_before) {
      return fail(err(compression::gzip, "inflate made no progress"));
    }
  }
}

// ---- snappy -----------------------------------------------------------------------------------

size_t snappy_xerial_bound(size_t n) {
  size_t blocks = (n + xerial_block_size - 1) / xerial_block_size;
  return xerial_header_size + blocks * (4 + snappy::MaxCompressedLength(xerial_block_size));
}

result<size_t> snappy_raw_compress(byte_span in, uint8_t* out, size_t capacity) {
  if (capacity < snappy::MaxCompressedLength(in.size())) return fail(err(compression::snappy, "output too small"));
  size_t n = 0;
  snappy::RawCompress(reinterpret_cast<const char*>(in.data()), in.size(), reinterpret_cast<char*>(out), &n);
  return n;
}

result<size_t> snappy_xerial_compress(byte_span in, uint8_t* out, size_t capacity) {
  if (capacity < snappy_xerial_bound(in.size())) return fail(err(compression::snappy, "output too small"));
  std::memcpy(out, xerial_magic, sizeof xerial_magic);
  store_be<int32_t>(out + 8, 1);   // version
  store_be<int32_t>(out + 12, 1);  // minimum compatible version
  size_t at = xerial_header_size;
  for (size_t pos = 0; pos < in.size(); pos += xerial_block_size) {
    byte_span block = in.subspan(pos, std::min(xerial_block_size, in.size() - pos));
    auto n = snappy_raw_compress(block, out + at + 4, capacity - at - 4);
    if (!n) return n;
    store_be<int32_t>(out + at, static_cast<int32_t>(*n));
    at += 4 + *n;
  }
  return at;
}

result<void> snappy_raw_decompress(byte_span in, bounded_sink& sink, size_t max) {
  const char* src = reinterpret_cast<const char*>(in.data());
  size_t n = 0;
  if (!snappy::GetUncompressedLength(src, in.size(), &n)) {
    return fail(err(compression::snappy, "bad uncompressed-length preamble"));
  }
  if (n > sink.room()) return fail(limit_error(compression::snappy, max));
  if (!snappy::RawUncompress(src, in.size(), reinterpret_cast<char*>(sink.take(n)))) {
    return fail(err(compression::snappy, "corrupt block"));
  }
  sink.commit(n);
  return {};
}

result<void> snappy_xerial_decompress(byte_span in, bounded_sink& sink, size_t max) {
  if (in.size() < xerial_header_size) return fail(err(compression::snappy, "truncated xerial header"));
  size_t pos = xerial_header_size;
  while (pos < in.size()) {
    if (in.size() - pos < 4) return fail(err(compression::snappy, "truncated xerial block length"));
    int32_t len = load_be<int32_t>(in.data() + pos);
    pos += 4;
    if (len < 0 || static_cast<size_t>(len) > in.size() - pos) {
      return fail(err(compression::snappy, "xerial block length out of range"));
    }
    if (auto r = snappy_raw_decompress(in.subspan(pos, static_cast<size_t>(len)), sink, max); !r) return r;
    pos += static_cast<size_t>(len);
  }
  return {};
}

// ---- lz4 --------------------------------------------------------------------------------------

LZ4F_preferences_t lz4_preferences(int level) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.blockMode = LZ4F_blockIndependent;
  prefs.compressionLevel = level;
  return prefs;
}

result<size_t> lz4_compress(byte_span in, uint8_t* out, size_t capacity, int level) {
  LZ4F_preferences_t prefs = lz4_preferences(level);
  size_t n = LZ4F_compressFrame(out, capacity, in.data(), in.size(), &prefs);
  if (LZ4F_isError(n)) return fail(err(compression::lz4, LZ4F_getErrorName(n)));
  return n;
}

result<void> lz4_decompress(byte_span in, bounded_sink& sink, size_t max) {
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
    return fail(err(compression::lz4, "cannot create context"));
  }
  std::unique_ptr<LZ4F_dctx, LZ4F_errorCode_t (*)(LZ4F_dctx*)> dctx(raw, LZ4F_freeDecompressionContext);
  const uint8_t* src = in.data();
  size_t left = in.size();
  for (;;) {
    auto [ptr, size] = sink.window();
    size_t dst_size = size, src_size = left;
    size_t rc = LZ4F_decompress(dctx.get(), ptr, &dst_size, src, &src_size, nullptr);
    if (LZ4F_isError(rc)) return fail(err(compression::lz4, LZ4F_getErrorName(rc)));
    src += src_size;
    left -= src_size;
    sink.commit(dst_size);
    if (sink.exceeded()) return fail(limit_error(compression::lz4, max));
    if (rc == 0 && left == 0) return {};  // frame complete, nothing after it
    // rc == 0 with input left: another frame follows; the context resets itself.
    if (left == 0 && dst_size < size) return fail(err(compression::lz4, "truncated frame"));
    if (src_size == 0 && dst_size == 0) return fail(err(compression::lz4, "no progress"));
  }
}

// ---- zstd -------------------------------------------------------------------------------------

// Contexts are costly to create (hundreds of KiB), so each thread keeps one of each.
struct zstd_contexts {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ~zstd_contexts() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
};
zstd_contexts& zstd_local() {
  thread_local zstd_contexts contexts;
  return contexts;
}

result<size_t> zstd_compress(byte_span in, uint8_t* out, size_t capacity, int level) {
  ZSTD_CCtx* cctx = zstd_local().cctx;
  if (cctx == nullptr) return fail(err(compression::zstd, "cannot create context"));
  size_t n = ZSTD_compressCCtx(cctx, out, capacity, in.data(), in.size(), level == 0 ? ZSTD_CLEVEL_DEFAULT : level);
  if (ZSTD_isError(n)) return fail(err(compression::zstd, ZSTD_getErrorName(n)));
  return n;
}

result<void> zstd_decompress(byte_span in, bounded_sink& sink, size_t max) {
  ZSTD_DCtx* dctx = zstd_local().dctx;
  if (dctx == nullptr) return fail(err(compression::zstd, "cannot create context"));
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
  // A frame's header chooses the window the decoder allocates. Refuse windows far above what the
  // output limit could need (level 19 uses 2^23, so never go below that), so a tiny hostile frame
  // cannot make us allocate 128 MiB.
  int window_log = 23;
  constexpr int library_default_limit = 27;  // ZSTD_WINDOWLOG_LIMIT_DEFAULT (static-only API)
  while (window_log < library_default_limit && (size_t{1} << window_log) < max) ++window_log;
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, window_log);
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  for (;;) {
    auto [ptr, size] = sink.window();
    ZSTD_outBuffer dst{ptr, size, 0};
    size_t before = src.pos;
    size_t rc = ZSTD_decompressStream(dctx, &dst, &src);
    if (ZSTD_isError(rc)) return fail(err(compression::zstd, ZSTD_getErrorName(rc)));
    sink.commit(dst.pos);
    if (sink.exceeded()) return fail(limit_error(compression::zstd, max));
    if (rc == 0 && src.pos == src.size) return {};  // last frame complete
    if (src.pos == src.size && dst.pos < dst.size) return fail(err(compression::zstd, "truncated frame"));
    if (src.pos == before && dst.pos == 0) return fail(err(compression::zstd, "no progress"));
  }
}

}  // namespace

bool is_xerial_snappy(byte_span input) {
  return input.size() >= sizeof xerial_magic && std::memcmp(input.data(), xerial_magic, sizeof xerial_magic) == 0;
}

std::string_view compression_name(compression codec) {
  switch (codec) {
    case compression::none: return "none";
    case compression::gzip: return "gzip";
    case compression::snappy: return "snappy";
    case compression::lz4: return "lz4";
    case compression::zstd: return "zstd";
  }
  return "unknown";
}

bool is_known_compression(compression codec) { return static_cast<uint8_t>(codec) <= 4; }

size_t compress_bound(compression codec, size_t input_size, const compress_options& options) {
  switch (codec) {
    case compression::none: return input_size;
    case compression::gzip: return gzip_bound(input_size);
    case compression::snappy:
      return options.snappy_xerial ? snappy_xerial_bound(input_size) : snappy::MaxCompressedLength(input_size);
    case compression::lz4: {
      LZ4F_preferences_t prefs = lz4_preferences(options.level);
      return LZ4F_compressFrameBound(input_size, &prefs);
    }
    case compression::zstd: return ZSTD_compressBound(input_size);
  }
  return input_size;
}

result<size_t> compress_to(compression codec, byte_span input, uint8_t* out, size_t capacity,
                           const compress_options& options) {
  switch (codec) {
    case compression::none:
      if (capacity < input.size()) return fail("output too small");
      if (!input.empty()) std::memcpy(out, input.data(), input.size());
      return input.size();
    case compression::gzip: return gzip_compress(input, out, capacity, options.level);
    case compression::snappy:
      return options.snappy_xerial ? snappy_xerial_compress(input, out, capacity)
                                   : snappy_raw_compress(input, out, capacity);
    case compression::lz4: return lz4_compress(input, out, capacity, options.level);
    case compression::zstd: return zstd_compress(input, out, capacity, options.level);
  }
  return fail("unknown compression id " + std::to_string(static_cast<int>(codec)));
}

result<void> compress_into(compression codec, byte_span input, std::vector<uint8_t>& out,
                           const compress_options& options) {
  size_t base = out.size();
  out.resize(base + compress_bound(codec, input.size(), options));
  auto n = compress_to(codec, input, out.data() + base, out.size() - base, options);
  if (!n) {
    out.resize(base);
    return fail(std::move(n.error()));
  }
  out.resize(base + *n);
  return {};
}

result<std::vector<uint8_t>> compress(compression codec, byte_span input, const compress_options& options) {
  std::vector<uint8_t> out;
  if (auto r = compress_into(codec, input, out, options); !r) return fail(std::move(r.error()));
  return out;
}

result<void> decompress_into(compression codec, byte_span input, std::vector<uint8_t>& out, size_t max_output) {
  bounded_sink sink(out, max_output);
  result<void> r;
  switch (codec) {
    case compression::none:
      if (input.size() > max_output) return fail(limit_error(codec, max_output));
      out.insert(out.end(), input.begin(), input.end());
      return {};
    case compression::gzip: r = gzip_decompress(input, sink, max_output); break;
    case compression::snappy:
      r = is_xerial_snappy(input) ? snappy_xerial_decompress(input, sink, max_output)
                                  : snappy_raw_decompress(input, sink, max_output);
      break;
    case compression::lz4: r = lz4_decompress(input, sink, max_output); break;
    case compression::zstd: r = zstd_decompress(input, sink, max_output); break;
    default: return fail("unknown compression id " + std::to_string(static_cast<int>(codec)));
  }
  if (!r) {
    sink.discard();
    return r;
  }
  sink.finish();
  return {};
}

result<std::vector<uint8_t>> decompress(compression codec, byte_span input, size_t max_output) {
  std::vector<uint8_t> out;
  if (auto r = decompress_into(codec, input, out, max_output); !r) return fail(std::move(r.error()));
  return out;
}

}  // namespace gregor::records
