// murmur2: the key hash of Kafka's Java producer, so keyed records land on the same partition
// whichever client (Java, librdkafka's murmur2 partitioners, Gregor) produced them.
//
// This is MurmurHash2 (32-bit) with Kafka's fixed seed 0x9747b28c, reading 4-byte blocks
// little-endian, and returning the hash as a signed int32 as Java does. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace gregor::client {

int32_t murmur2(std::span<const uint8_t> data);

inline int32_t murmur2(std::string_view data) {
  return murmur2(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

// Clears the sign bit. Not abs(): abs(INT32_MIN) stays negative, and Kafka defines the mapping this way.
constexpr int32_t to_positive(int32_t x) { return x & 0x7fffffff; }

// The partition of a keyed record among num_partitions (> 0), as Kafka's default partitioner picks it.
inline int32_t murmur2_partition(std::span<const uint8_t> key, int32_t num_partitions) {
  return to_positive(murmur2(key)) % num_partitions;
}
inline int32_t murmur2_partition(std::string_view key, int32_t num_partitions) {
  return to_positive(murmur2(key)) % num_partitions;
}

}  // namespace gregor::client
