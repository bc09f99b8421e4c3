#include "tools/perf/throughput_throttler.h"

#include <thread>

namespace gregor::tools {

throughput_throttler::throughput_throttler(double records_per_second, clock::time_point start)
    : start_(start), period_ns_(records_per_second > 0 ? 1e9 / records_per_second : 0) {}

throughput_throttler::clock::time_point throughput_throttler::due(int64_t index) const {
  if (unlimited()) return start_;
  return start_ + std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(index) * period_ns_));
}

throughput_throttler::clock::time_point throughput_throttler::wait_for(int64_t index) const {
  auto now = clock::now();
  if (unlimited()) return now;
  auto at = due(index);
  // Sleeping overshoots by tens of microseconds; the records due meanwhile then go out together,
  // each still measured from its own due time.
  if (now < at) std::this_thread::sleep_until(at);
  return at;
}

}  // namespace gregor::tools
