// topic_partition for the assignors: the public gregor::topic_partition (include/gregor/types.h),
// so assignments pass between the assignors and the consumer without conversion.
//
// Ordered by topic, then partition, which is the order Kafka's assignors walk partitions in and the
// order every assignment list is returned in.
#pragma once

#include <ostream>

#include "gregor/types.h"

namespace gregor {

// "topic-3", as Kafka prints a TopicPartition; for logs and test failures.
inline std::ostream& operator<<(std::ostream& out, const topic_partition& tp) {
  return out << tp.topic << '-' << tp.partition;
}

namespace client {
using gregor::topic_partition;
}  // namespace client

}  // namespace gregor
