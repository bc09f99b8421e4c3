// for_each_batch: reads a log's batches in [from, end) in order, in ~1 MiB reads, for startup
// replays (idempotent-producer state, __consumer_offsets). `visit` gets each whole batch and its
// parsed header; batches that start before `from` but reach into the range are included. Stops
// quietly at the first unreadable batch (recovery has already cut torn tails).
#pragma once

#include <cstdint>
#include <functional>

#include "protocol/records/batch_header.h"
#include "storage/log.h"

namespace gregor::storage {

void for_each_batch(log& l, int64_t from, int64_t end,
                    const std::function<void(byte_span batch, const records::batch_header& header)>& visit);

}  // namespace gregor::storage
