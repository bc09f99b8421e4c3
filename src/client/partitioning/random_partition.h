// random_partition: uniform picks among candidate partitions, shared by the partitioners that
// place null-key records at random.
//
// Thread-safety: a random_partition is NOT synchronized; each partitioner guards its own with the
// mutex it already holds for its per-topic state.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace gregor::client {

class random_partition {
 public:
  random_partition() : engine_(std::random_device{}()) {}

  // A random partition from `available` (or from all num_partitions when it is empty), different
  // from `avoid` whenever another candidate exists.
  int32_t pick(int32_t num_partitions, const std::vector<int32_t>& available, int32_t avoid = -1);

 private:
  std::minstd_rand engine_;
};

}  // namespace gregor::client
