// member_metadata_reader: the leading fields of consumer subscriptions and assignments.
#include "client/admin/member_metadata_reader.h"

#include <algorithm>

#include "protocol/codec/codec.h"

namespace gregor::client::admin {

namespace {

// The leading fields of the two layouts, as field tables for the generic codec.
struct subscription_prefix {
  std::vector<std::string> topics;

  using self = subscription_prefix;
  static constexpr auto fields() { return std::tuple{protocol::field("topics", &self::topics, protocol::since(0))}; }
};

struct assigned_topic {
  std::string topic;
  std::vector<int32_t> partitions;

  using self = assigned_topic;
  static constexpr auto fields() {
    return std::tuple{protocol::field("topic", &self::topic, protocol::since(0)),
                      protocol::field("partitions", &self::partitions, protocol::since(0))};
  }
};

struct assignment_prefix {
  std::vector<assigned_topic> assigned;

  using self = assignment_prefix;
  static constexpr auto fields() { return std::tuple{protocol::field("assigned", &self::assigned, protocol::since(0))}; }
};

// Reads the version, then the prefix; these are data structures, not messages, so they go
// through the struct codec directly (version 0 layout, never flexible).
template <class T>
std::optional<T> read_prefix(const shared_bytes& bytes) {
  protocol::reader r(bytes);
  int16_t version = r.i16();
  if (!r.ok() || version < 0) return std::nullopt;
  T out;
  protocol::detail::decode_struct(r, out, protocol::codec_context{0, false});
  if (!r.ok()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> read_subscription_topics(const shared_bytes& metadata) {
  auto s = read_prefix<subscription_prefix>(metadata);
  if (!s) return std::nullopt;
  return std::move(s->topics);
}

std::optional<std::vector<topic_partition>> read_assignment(const shared_bytes& assignment) {
  if (assignment.empty()) return std::vector<topic_partition>{};
  auto a = read_prefix<assignment_prefix>(assignment);
  if (!a) return std::nullopt;
  std::vector<topic_partition> out;
  for (const auto& t : a->assigned)
    for (int32_t p : t.partitions) out.push_back({t.topic, p});
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gregor::client::admin
