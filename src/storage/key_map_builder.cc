#include "storage/key_map_builder.h"

#include <algorithm>

#include "protocol/records/compression.h"
#include "protocol/records/record_batch.h"

namespace gregor::storage {
namespace {

constexpr size_t read_chunk = 1 << 20;

struct keyed_record {
  byte_span key;
  int64_t offset;
};

// The keyed records of one batch; false if the batch does not decode (it is then not mapped).
bool keys_of(byte_span batch, const records::batch_header& h, size_t max_uncompressed, std::vector<uint8_t>& plain,
             std::vector<keyed_record>& out) {
  out.clear();
  byte_span section = batch.subspan(records::batch_header_size);
  if (h.codec() != records::compression::none) {
    plain.clear();
    if (!records::decompress_into(h.codec(), section, plain, max_uncompressed)) return false;
    section = plain;
  }
  records::record_cursor cursor(section, h.records_count);
  records::record_view v;
  while (cursor.next(v)) {
    if (v.key) out.push_back({*v.key, h.base_offset + v.offset_delta});
  }
  return cursor.exhausted_cleanly();
}

}  // namespace

result<key_map_pass> build_key_map(const log_snapshot& s, const cleanable_range& range, size_t budget_bytes,
                                   const std::atomic<bool>* stop, size_t max_uncompressed_bytes) {
  key_map_pass pass{key_map(budget_bytes)};
  const bool mapping = range.first_dirty < range.first_uncleanable;
  pass.map_end = std::min(std::max(range.first_dirty, range.first_uncleanable), range.hard_limit);
  std::vector<uint8_t> plain;
  std::vector<keyed_record> keys;
  for (size_t i = 0; i < range.rewritable_segments; ++i) {
    const auto& seg = s.segments[i];
    if (seg.base_offset >= pass.map_end) break;
    bool dirty = mapping && !pass.map_full && next_base_offset(s, i) > range.first_dirty &&
                 seg.base_offset < range.first_uncleanable;
    auto scan = seg.seg->scan(0, seg.size, dirty, dirty ? read_chunk : 64 * 1024);
    while (true) {
      if (stop && stop->load(std::memory_order_relaxed)) {
        pass.stopped = true;
        return pass;
      }
      auto b = scan.next();
      if (!b) return fail(b.error());
      if (!*b) break;
      const auto& h = (*b)->header;
      pass.bytes_read += dirty ? h.total_size() : records::batch_header_size;
      if (h.producer_id >= 0) pass.last_batch_of_producer[h.producer_id] = h.base_offset;
      if (!dirty || pass.map_full || h.last_offset() < range.first_dirty || h.base_offset >= range.first_uncleanable ||
          h.is_control() || h.is_transactional()) {
        continue;
      }
      if (!keys_of((*b)->bytes, h, max_uncompressed_bytes, plain, keys)) continue;
      size_t cost = 0;
      for (const auto& k : keys) cost += key_map::entry_cost(k.key.size());
      if (!pass.map.empty() && pass.map.would_exceed(cost)) {
        pass.map_full = true;
        pass.map_end = h.base_offset;
        continue;  // keep reading headers of this segment for producer ids
      }
      for (const auto& k : keys) {
        if (k.offset >= range.first_dirty) pass.map.put(k.key, k.offset);
      }
    }
    if (scan.status() != scan_status::end) {
      return fail("cannot clean segment " + std::to_string(seg.base_offset) + ": " +
                  (scan.status() == scan_status::torn ? "torn" : "corrupt") + " batch at byte " +
                  std::to_string(scan.position()));
    }
  }
  while (pass.segments < range.rewritable_segments && s.segments[pass.segments].base_offset < pass.map_end) {
    ++pass.segments;
  }
  return pass;
}

}  // namespace gregor::storage
