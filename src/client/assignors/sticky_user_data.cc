#include "client/assignors/sticky_user_data.h"

#include "client/assignors/consumer_protocol.h"
#include "protocol/codec/codec.h"

namespace gregor::client {

namespace {

// One table for both versions: v1 appends the generation.
struct wire_user_data {
  std::vector<consumer_topic_partitions> previous_assignment;
  int32_t generation = -1;

  using self = wire_user_data;
  static constexpr auto fields() {
    using protocol::field, protocol::since;
    return std::tuple{field("previous_assignment", &self::previous_assignment, since(0)),
                      field("generation", &self::generation, since(1))};
  }
};

}  // namespace

shared_bytes encode_sticky_user_data(const sticky_user_data& data) {
  wire_user_data wire{group_by_topic(data.previous_assignment), data.generation.value_or(-1)};
  protocol::writer w;
  int16_t version = data.generation ? 1 : 0;
  protocol::detail::encode_struct(w, wire, protocol::codec_context{version, false});
  return shared_bytes::adopt(w.flatten());
}

std::optional<sticky_user_data> decode_sticky_user_data(const shared_bytes& bytes) {
  for (int16_t version : {1, 0}) {
    protocol::reader r(bytes);
    wire_user_data wire;
    protocol::detail::decode_struct(r, wire, protocol::codec_context{version, false});
    if (!r.ok()) continue;
    sticky_user_data out{flatten(wire.previous_assignment), std::nullopt};
    if (version == 1) out.generation = wire.generation;
    return out;
  }
  return std::nullopt;
}

shared_bytes encode_cooperative_user_data(int32_t generation) {
  protocol::writer w;
  w.i32(generation);
  return shared_bytes::adopt(w.flatten());
}

std::optional<int32_t> decode_cooperative_user_data(const shared_bytes& bytes) {
  protocol::reader r(bytes);
  int32_t generation = r.i32();
  if (!r.ok()) return std::nullopt;
  return generation;
}

}  // namespace gregor::client
