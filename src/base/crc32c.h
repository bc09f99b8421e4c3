// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2).
//
// Uses the SSE4.2 crc32 instruction on three interleaved streams when the CPU has it (about the
// speed of memory bandwidth), and a table-driven loop otherwise.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gregor {

// The checksum of data, continuing from a previous crc32c() result (0 to start).
uint32_t crc32c(const void* data, size_t size, uint32_t previous = 0);

// True when the hardware path is in use (for benchmarks and logs).
bool crc32c_is_hardware_accelerated();

}  // namespace gregor
