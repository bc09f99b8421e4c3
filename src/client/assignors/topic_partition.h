// topic_partition: one partition of one topic, the unit the assignors hand out.
//
// Ordered by topic, then partition, which is the order Kafka's assignors walk partitions in and the
// order every assignment list is returned in. A plain value type.
#pragma once

#include <compare>
#include <cstdint>
#include <ostream>
#include <string>

namespace gregor::client {

struct topic_partition {
  std::string topic;
  int32_t partition = 0;

  friend auto operator<=>(const topic_partition&, const topic_partition&) = default;
  friend bool operator==(const topic_partition&, const topic_partition&) = default;
};

// "topic-3", as Kafka prints a TopicPartition; for logs and test failures.
inline std::ostream& operator<<(std::ostream& out, const topic_partition& tp) {
  return out << tp.topic << '-' << tp.partition;
}

}  // namespace gregor::client
