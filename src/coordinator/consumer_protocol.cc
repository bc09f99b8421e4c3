#include "coordinator/consumer_protocol.h"

#include "protocol/codec/reader.h"

namespace gregor::coordinator {

std::optional<std::vector<std::string>> parse_subscription_topics(const shared_bytes& metadata) {
  protocol::reader r(metadata);
  int16_t version = r.i16();
  if (!r.ok() || version < 0) return std::nullopt;
  int32_t count = r.i32();
  if (!r.ok() || count < 0 || static_cast<size_t>(count) > r.remaining() / 2) return std::nullopt;
  std::vector<std::string> topics;
  topics.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    int16_t len = r.i16();
    if (!r.ok() || len < 0 || static_cast<size_t>(len) > r.remaining()) return std::nullopt;
    topics.push_back(r.take_string(static_cast<size_t>(len)));
    if (!r.ok()) return std::nullopt;
  }
  return topics;
}

}  // namespace gregor::coordinator
