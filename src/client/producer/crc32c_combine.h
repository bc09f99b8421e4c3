// crc32c_combine: joins two CRC-32C values, so that a batch's checksum can be built from pieces.
//
// A batch's CRC covers bytes 21..end (docs/record-batch.md): 40 header bytes that are only known
// when the batch is closed (last offset delta, max timestamp, producer id, epoch, sequence), then
// the records. The producer checksums each record as it encodes it, while the bytes are still in
// the sending thread's cache, and joins that with the header's checksum at close; a re-stamped
// retry only re-checksums the 40 header bytes.
//
// For the CRC with all-ones init and final xor, crc(A||B) = (x^(8|B|) * crc(A) mod P) xor crc(B):
// the init and final-xor terms cancel, leaving the linear part (our derivation; any CRC text
// covers the algebra). Polynomial arithmetic is in the reflected order the CRC uses.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gregor::client {

// crc32c(A || B) from crc32c(A), crc32c(B) and |B|.
uint32_t crc32c_combine(uint32_t crc_a, uint32_t crc_b, size_t length_b);

}  // namespace gregor::client
