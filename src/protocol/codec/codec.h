// The generic codec: encodes and decodes any message from its declarative field table.
//
// One place knows every wire rule (see docs/wire-protocol.md):
//  - classic versions: STRING int16 length (-1 null), ARRAY/BYTES/RECORDS int32 length (-1 null);
//  - flexible versions: COMPACT_* lengths as unsigned varint N+1 (0 = null), and every struct ends
//    with tagged fields: count, then (tag, size, value) in ascending tag order;
//  - unknown tags are skipped on decode; tagged fields equal to their default are not written.
//
// Member types map to wire types:
//   bool, int8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, double -> fixed-width numbers
//   std::string / std::optional<std::string>                           -> (nullable) string
//   shared_bytes / std::optional<shared_bytes>                          -> (nullable) bytes
//   record_set                                                          -> records
//   uuid                                                                -> 16 bytes
//   std::vector<T> / std::optional<std::vector<T>>                      -> (nullable) array of T
//   a type with fields()                                                -> nested struct
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "base/shared_bytes.h"
#include "base/uuid.h"
#include "protocol/codec/field.h"
#include "protocol/codec/reader.h"
#include "protocol/codec/records.h"
#include "protocol/codec/writer.h"

namespace gregor::protocol {

struct codec_context {
  int16_t version;
  bool flexible;
};

namespace detail {

template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type { using element = T; };
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type { using inner = T; };

template <class T>
constexpr bool is_fixed_number = std::is_same_v<T, bool> || std::is_same_v<T, int8_t> ||
                                 std::is_same_v<T, int16_t> || std::is_same_v<T, uint16_t> ||
                                 std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t> ||
                                 std::is_same_v<T, int64_t> || std::is_same_v<T, double>;

// ---- lengths -------------------------------------------------------------------------------

// Writes the length prefix of a string/bytes/array/records; n < 0 means null.
inline void write_length(writer& w, int64_t n, bool flexible, bool int16_length) {
  if (flexible) w.uvarint(static_cast<uint64_t>(n + 1));
  else if (int16_length) w.i16(static_cast<int16_t>(n));
  else w.i32(static_cast<int32_t>(n));
}

// Reads a length prefix; returns -1 for null. Fails the reader on impossible lengths.
inline int64_t read_length(reader& r, bool flexible, bool int16_length) {
  int64_t n;
  if (flexible) n = static_cast<int64_t>(r.uvarint32()) - 1;
  else if (int16_length) n = r.i16();
  else n = r.i32();
  if (n < -1) { r.fail(); return 0; }
  return n;
}

// ---- encode --------------------------------------------------------------------------------

template <class S> void encode_struct(writer& w, const S& s, codec_context c);

template <class T>
void encode_value(writer& w, const T& v, codec_context c) {
  if constexpr (std::is_same_v<T, bool>) {
    w.i8(v ? 1 : 0);
  } else if constexpr (std::is_same_v<T, double>) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    w.fixed(bits);
  } else if constexpr (is_fixed_number<T>) {
    w.fixed(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    write_length(w, static_cast<int64_t>(v.size()), c.flexible, true);
    w.raw(std::string_view(v));
  } else if constexpr (std::is_same_v<T, shared_bytes>) {
    write_length(w, static_cast<int64_t>(v.size()), c.flexible, false);
    w.bytes(v);
  } else if constexpr (std::is_same_v<T, record_set>) {
    if (v.is_null) {
      write_length(w, -1, c.flexible, false);
    } else {
      write_length(w, static_cast<int64_t>(v.size()), c.flexible, false);
      if (v.file) w.file(v.file);
      else w.bytes(v.bytes);
    }
  } else if constexpr (std::is_same_v<T, uuid>) {
    w.raw(byte_span(v.bytes.data(), v.bytes.size()));
  } else if constexpr (is_vector<T>::value) {
    write_length(w, static_cast<int64_t>(v.size()), c.flexible, false);
    for (const auto& e : v) encode_value(w, e, c);
  } else if constexpr (is_optional<T>::value) {
    using inner = typename is_optional<T>::inner;
    if (v.has_value()) {
      encode_value(w, *v, c);
    } else {
      static_assert(!has_fields<inner>, "nullable structs are not used by the supported APIs");
      write_length(w, -1, c.flexible, std::is_same_v<inner, std::string>);
    }
  } else if constexpr (has_fields<T>) {
    encode_struct(w, v, c);
  } else {
    static_assert(sizeof(T) == 0, "no wire encoding for this member type");
  }
}

template <class S, class F>
bool tagged_value_is_default(const S& s, const F& f) {
  static const S defaults{};
  return s.*(f.member) == defaults.*(f.member);
}

template <class S>
void encode_struct(writer& w, const S& s, codec_context c) {
  std::apply([&](const auto&... f) {
    ((f.is_tagged() || !f.present.contains(c.version) ? void() : encode_value(w, s.*(f.member), c)), ...);
  }, S::fields());
  if (!c.flexible) return;
  uint32_t count = 0;
  std::apply([&](const auto&... f) {
    ((count += (f.is_tagged() && f.present.contains(c.version) && !tagged_value_is_default(s, f)) ? 1 : 0), ...);
  }, S::fields());
  w.uvarint(count);
  if (count == 0) return;
  std::apply([&](const auto&... f) {
    auto one = [&](const auto& fd) {
      if (!fd.is_tagged() || !fd.present.contains(c.version) || tagged_value_is_default(s, fd)) return;
      writer body;
      encode_value(body, s.*(fd.member), c);
      w.uvarint(static_cast<uint64_t>(fd.tag));
      w.uvarint(body.size());
      w.append(std::move(body));
    };
    (one(f), ...);
  }, S::fields());
}

// ---- decode --------------------------------------------------------------------------------

template <class S> void decode_struct(reader& r, S& s, codec_context c);

template <class T>
void decode_value(reader& r, T& v, codec_context c) {
  if constexpr (std::is_same_v<T, bool>) {
    v = r.i8() != 0;
  } else if constexpr (std::is_same_v<T, double>) {
    uint64_t bits = r.fixed<uint64_t>();
    std::memcpy(&v, &bits, 8);
  } else if constexpr (is_fixed_number<T>) {
    v = r.fixed<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    int64_t n = read_length(r, c.flexible, true);
    if (n < 0) { r.fail(); return; }  // null where the type is not nullable
    v = r.take_string(static_cast<size_t>(n));
  } else if constexpr (std::is_same_v<T, shared_bytes>) {
    int64_t n = read_length(r, c.flexible, false);
    if (n < 0) { r.fail(); return; }
    v = r.take(static_cast<size_t>(n));
  } else if constexpr (std::is_same_v<T, record_set>) {
    int64_t n = read_length(r, c.flexible, false);
    v.is_null = n < 0;
    v.bytes = n < 0 ? shared_bytes{} : r.take(static_cast<size_t>(n));
  } else if constexpr (std::is_same_v<T, uuid>) {
    shared_bytes raw = r.take(16);
    if (r.ok()) std::memcpy(v.bytes.data(), raw.data(), 16);
  } else if constexpr (is_vector<T>::value) {
    int64_t n = read_length(r, c.flexible, false);
    if (n < 0) { r.fail(); return; }
    // Every element takes at least one byte, so a count above the bytes left is garbage:
    // refuse it before allocating.
    if (static_cast<uint64_t>(n) > r.remaining()) { r.fail(); return; }
    v.clear();
    v.resize(static_cast<size_t>(n));
    for (auto& e : v) {
      decode_value(r, e, c);
      if (!r.ok()) return;
    }
  } else if constexpr (is_optional<T>::value) {
    using inner = typename is_optional<T>::inner;
    static_assert(!has_fields<inner>, "nullable structs are not used by the supported APIs");
    // Peek at the length: null has its own encoding, anything else decodes as the inner type.
    reader probe = r;
    int64_t n = read_length(probe, c.flexible, std::is_same_v<inner, std::string>);
    if (!probe.ok()) { r.fail(); return; }
    if (n < 0) {
      r = probe;
      v.reset();
    } else {
      v.emplace();
      decode_value(r, *v, c);
    }
  } else if constexpr (has_fields<T>) {
    decode_struct(r, v, c);
  } else {
    static_assert(sizeof(T) == 0, "no wire decoding for this member type");
  }
}

template <class S>
void decode_struct(reader& r, S& s, codec_context c) {
  std::apply([&](const auto&... f) {
    ((f.is_tagged() || !f.present.contains(c.version) || !r.ok() ? void() : decode_value(r, s.*(f.member), c)), ...);
  }, S::fields());
  if (!c.flexible || !r.ok()) return;
  uint32_t count = r.uvarint32();
  int64_t last_tag = -1;
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    uint32_t tag = r.uvarint32();
    uint32_t size = r.uvarint32();
    if (!r.ok() || static_cast<int64_t>(tag) <= last_tag) { r.fail(); return; }
    last_tag = tag;
    reader body = r.sub(size);
    bool known = false;
    std::apply([&](const auto&... f) {
      auto one = [&](const auto& fd) {
        if (known || !fd.is_tagged() || static_cast<uint32_t>(fd.tag) != tag || !fd.present.contains(c.version)) return;
        known = true;
        decode_value(body, s.*(fd.member), c);
        if (!body.ok()) r.fail();
      };
      (one(f), ...);
    }, S::fields());
    // Unknown tags are skipped: sub() already moved past them.
  }
}

}  // namespace detail

template <class M>
constexpr bool is_flexible(int16_t version) {
  return M::flexible.contains(version);
}

// Encodes a message body (no header) at the given version.
template <message M>
void encode(writer& w, const M& m, int16_t version) {
  detail::encode_struct(w, m, codec_context{version, is_flexible<M>(version)});
}

// Decodes a message body; false when the bytes are malformed for that version.
template <message M>
bool decode(reader& r, M& m, int16_t version) {
  detail::decode_struct(r, m, codec_context{version, is_flexible<M>(version)});
  return r.ok();
}

}  // namespace gregor::protocol
