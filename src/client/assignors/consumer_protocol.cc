#include "client/assignors/consumer_protocol.h"

#include <algorithm>

#include "protocol/codec/codec.h"

namespace gregor::client {

namespace {

// The embedded structures are "data" types without an API key, so they bypass protocol::encode's
// message concept and use the struct codec directly; they are never flexible.
template <class T>
shared_bytes encode_versioned(const T& value, int16_t version) {
  protocol::writer w;
  w.i16(version);
  protocol::detail::encode_struct(w, value, protocol::codec_context{std::min(version, T::latest_version), false});
  return shared_bytes::adopt(w.flatten());
}

template <class T>
std::optional<T> decode_versioned(const shared_bytes& bytes) {
  protocol::reader r(bytes);
  T value;
  value.version = r.i16();
  if (!r.ok() || value.version < 0) return std::nullopt;
  protocol::detail::decode_struct(r, value, protocol::codec_context{std::min(value.version, T::latest_version), false});
  if (!r.ok()) return std::nullopt;
  return value;
}

}  // namespace

shared_bytes encode_subscription(const consumer_subscription& s, int16_t version) {
  return encode_versioned(s, version);
}

std::optional<consumer_subscription> decode_subscription(const shared_bytes& bytes) {
  return decode_versioned<consumer_subscription>(bytes);
}

shared_bytes encode_assignment(const consumer_assignment& a, int16_t version) {
  return encode_versioned(a, version);
}

std::optional<consumer_assignment> decode_assignment(const shared_bytes& bytes) {
  if (bytes.empty()) return consumer_assignment{};
  return decode_versioned<consumer_assignment>(bytes);
}

std::vector<topic_partition> flatten(const std::vector<consumer_topic_partitions>& by_topic) {
  std::vector<topic_partition> out;
  for (const auto& t : by_topic)
    for (int32_t p : t.partitions) out.push_back({t.topic, p});
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<consumer_topic_partitions> group_by_topic(std::vector<topic_partition> partitions) {
  std::sort(partitions.begin(), partitions.end());
  std::vector<consumer_topic_partitions> out;
  for (auto& tp : partitions) {
    if (out.empty() || out.back().topic != tp.topic) out.push_back({std::move(tp.topic), {}});
    out.back().partitions.push_back(tp.partition);
  }
  return out;
}

}  // namespace gregor::client
