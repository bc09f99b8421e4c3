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

// crc32c(A || B) from crc32c(A), crc32c(B) and |B|: lets a checksum be built from pieces (the
// producer checksums records as it encodes them and joins the batch header's checksum at close).
// With all-ones init and final xor both cancel: crc(A||B) = x^(8|B|) * crc(A) mod P xor crc(B).
uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t length_b);

// True when the hardware path is in use (for benchmarks and logs).
bool crc32c_is_hardware_accelerated();

}  // namespace gregor
