#include "coordinator/offsets_topic_records.h"

#include "protocol/codec/codec.h"

namespace gregor::coordinator {
namespace {

template <class M>
shared_bytes encode_versioned(const M& m, int16_t version) {
  protocol::writer w;
  w.i16(version);
  protocol::encode(w, m, version);
  return shared_bytes::adopt(w.flatten());
}

template <class M>
result<M> decode_versioned(protocol::reader& r, int16_t version) {
  M m;
  if (!M::valid.contains(version)) return fail("unknown __consumer_offsets schema version " + std::to_string(version));
  if (!protocol::decode(r, m, version)) return fail(std::string("malformed __consumer_offsets record"));
  return m;
}

}  // namespace

shared_bytes encode_key(const offset_commit_key& key) { return encode_versioned(key, offset_commit_key_version); }
shared_bytes encode_key(const group_metadata_key& key) { return encode_versioned(key, group_metadata_key_version); }
shared_bytes encode_value(const offset_commit_value& value) {
  return encode_versioned(value, offset_commit_value_version);
}
shared_bytes encode_value(const group_metadata_value& value) {
  return encode_versioned(value, group_metadata_value_version);
}

result<offsets_topic_record> decode_record(const shared_bytes& key, const std::optional<shared_bytes>& value) {
  protocol::reader kr(key);
  int16_t key_version = kr.i16();
  if (!kr.ok()) return fail(std::string("__consumer_offsets record key too short"));
  if (key_version == 0 || key_version == 1) {
    auto k = decode_versioned<offset_commit_key>(kr, key_version);
    if (!k) return fail(k.error());
    offset_record out{std::move(*k), std::nullopt};
    if (value) {
      protocol::reader vr(*value);
      int16_t v = vr.i16();
      auto decoded = decode_versioned<offset_commit_value>(vr, v);
      if (!decoded) return fail(decoded.error());
      out.value = std::move(*decoded);
    }
    return out;
  }
  if (key_version == 2) {
    auto k = decode_versioned<group_metadata_key>(kr, key_version);
    if (!k) return fail(k.error());
    group_record out{std::move(*k), std::nullopt};
    if (value) {
      protocol::reader vr(*value);
      int16_t v = vr.i16();
      auto decoded = decode_versioned<group_metadata_value>(vr, v);
      if (!decoded) return fail(decoded.error());
      out.value = std::move(*decoded);
    }
    return out;
  }
  return fail("unknown __consumer_offsets key version " + std::to_string(key_version));
}

int32_t partition_for_group(std::string_view group_id, int32_t partition_count) {
  // Java's String.hashCode over UTF-16 code units; decode UTF-8 (invalid bytes count as themselves).
  uint32_t h = 0;
  auto add = [&](uint32_t unit) { h = h * 31 + unit; };
  for (size_t i = 0; i < group_id.size();) {
    auto c = static_cast<uint8_t>(group_id[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < group_id.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<uint8_t>(group_id[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<uint8_t>(group_id[i + 2]) & 0x3Fu) << 6) | (static_cast<uint8_t>(group_id[i + 3]) & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < group_id.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<uint8_t>(group_id[i + 1]) & 0x3Fu) << 6) |
           (static_cast<uint8_t>(group_id[i + 2]) & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < group_id.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<uint8_t>(group_id[i + 1]) & 0x3Fu);
      len = 2;
    }
    if (cp >= 0x10000) {  // a surrogate pair in UTF-16
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
    i += len;
  }
  auto non_negative = static_cast<int32_t>(h & 0x7FFFFFFFu);
  return partition_count > 0 ? non_negative % partition_count : 0;
}

}  // namespace gregor::coordinator
