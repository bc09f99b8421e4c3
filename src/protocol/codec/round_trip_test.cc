// Every message definition round-trips at every valid version: each field is filled with a
// random value through its field table (nulls where the version allows them, non-default tagged
// fields), encoded, decoded and encoded again; both encodings must be identical and the decoder
// must consume exactly the bytes written.
#include <gtest/gtest.h>

#include <random>

#include "protocol/codec/codec.h"
#include "protocol/messages/all_messages.h"

namespace gregor::protocol {
namespace {

struct filler {
  std::mt19937_64 rng{12345};
  int16_t version;
  int depth = 0;

  template <class T>
  void fill(T& v, bool nullable_now) {
    using namespace detail;
    if constexpr (std::is_same_v<T, bool>) {
      v = rng() & 1;
    } else if constexpr (std::is_same_v<T, double>) {
      v = static_cast<double>(rng() % 1000) / 7.0;
    } else if constexpr (is_fixed_number<T>) {
      v = static_cast<T>(rng());
    } else if constexpr (std::is_same_v<T, std::string>) {
      v = "s" + std::to_string(rng() % 100000);
    } else if constexpr (std::is_same_v<T, shared_bytes>) {
      v = shared_bytes::copy_of("bytes-" + std::to_string(rng() % 1000));
    } else if constexpr (std::is_same_v<T, record_set>) {
      v.is_null = nullable_now && (rng() % 4 == 0);
      if (!v.is_null) v.bytes = shared_bytes::copy_of("records-" + std::to_string(rng() % 1000));
    } else if constexpr (std::is_same_v<T, uuid>) {
      v = uuid::random();
    } else if constexpr (is_optional<T>::value) {
      if (nullable_now && rng() % 3 == 0) {
        v.reset();
      } else {
        v.emplace();
        fill(*v, false);
      }
    } else if constexpr (is_vector<T>::value) {
      v.resize(depth > 3 ? 0 : 1 + rng() % 3);
      for (auto& e : v) fill(e, false);
    } else if constexpr (has_fields<T>) {
      ++depth;
      std::apply([&](const auto&... f) {
        auto one = [&](const auto& fd) {
          if (fd.present.contains(version)) fill(v.*(fd.member), fd.nullable.contains(version));
        };
        (one(f), ...);
      }, T::fields());
      --depth;
    }
  }
};

template <class M>
void round_trip_all_versions() {
  for (int16_t v = M::valid.lo; v <= M::valid.hi; ++v) {
    SCOPED_TRACE(std::string(M::name) + " v" + std::to_string(v));
    for (int trial = 0; trial < 5; ++trial) {
      M original{};
      filler f{std::mt19937_64(static_cast<uint64_t>(v * 100 + trial)), v};
      f.fill(original, false);
      writer w1;
      encode(w1, original, v);
      auto bytes = w1.flatten();
      reader r(shared_bytes::copy_of(byte_span(bytes)));
      M decoded{};
      ASSERT_TRUE(decode(r, decoded, v));
      EXPECT_EQ(r.remaining(), 0u);
      writer w2;
      encode(w2, decoded, v);
      EXPECT_EQ(w2.flatten(), bytes);
    }
  }
}

template <class... M>
void round_trip_each(type_list<M...>) {
  (round_trip_all_versions<M>(), ...);
}

TEST(CodecRoundTrip, EveryMessageAtEveryVersion) { round_trip_each(all_messages{}); }

}  // namespace
}  // namespace gregor::protocol
