#include "storage/batch_filter.h"

#include <limits>

#include "protocol/records/batch_builder.h"
#include "protocol/records/compression.h"
#include "protocol/records/record_batch.h"

namespace gregor::storage {
namespace {

using records::batch_header;

struct kept_record {
  byte_span raw;  // the encoded record, length prefix included
  records::record_view view;
};

int64_t saturating_add(int64_t a, int64_t b) {
  if (b > 0 && a > std::numeric_limits<int64_t>::max() - b) return std::numeric_limits<int64_t>::max();
  return a + b;
}

std::vector<uint8_t> seal(std::vector<uint8_t> out, const batch_header& h) {
  records::encode_batch_header(out.data(), h);
  records::seal_batch(out.data(), out.size());
  return out;
}

std::vector<uint8_t> empty_batch(const batch_header& original) {
  batch_header h = original;
  h.attributes = static_cast<int16_t>(original.attributes & ~0x7 & ~records::attr_delete_horizon);
  if (original.attributes & records::attr_delete_horizon) h.base_timestamp = original.max_timestamp;
  h.records_count = 0;
  return seal(std::vector<uint8_t>(records::batch_header_size), h);
}

// Re-encodes the kept records with timestamp deltas against new_base (the delete horizon).
void encode_against(std::vector<uint8_t>& body, const std::vector<kept_record>& kept, int64_t old_base,
                    int64_t new_base) {
  std::vector<records::header_ref> headers;
  for (const auto& k : kept) {
    headers.clear();
    auto cursor = k.view.headers();
    records::header_ref h;
    while (cursor.next(h)) headers.push_back(h);
    records::append_record(body, records::record_fields{old_base + k.view.timestamp_delta - new_base,
                                                        k.view.offset_delta, k.view.key, k.view.value, headers});
  }
}

}  // namespace

result<filtered_batch> filter_batch(byte_span batch, const batch_header& h, bool keep_header,
                                    const filter_rules& rules) {
  filtered_batch out;
  if (h.is_control() || h.is_transactional()) return out;

  std::vector<uint8_t> plain;
  byte_span section = batch.subspan(records::batch_header_size);
  records::compress_options compress;
  compress.snappy_xerial = h.codec() == records::compression::snappy && records::is_xerial_snappy(section);
  if (h.codec() != records::compression::none) {
    if (!records::decompress_into(h.codec(), section, plain, rules.max_uncompressed_bytes)) {
      out.undecodable = true;
      return out;
    }
    section = plain;
  }

  const bool stamped = (h.attributes & records::attr_delete_horizon) != 0;
  const bool horizon_passed = stamped && rules.now_ms >= h.base_timestamp;
  const bool covered = h.last_offset() < rules.map_end;
  bool needs_stamp = false;
  bool holds_tombstone = false;
  std::vector<kept_record> kept;
  records::record_cursor cursor(section, h.records_count);
  records::record_view v;
  size_t pos = 0;
  while (cursor.next(v)) {
    kept_record k{section.subspan(pos, v.encoded_size), v};
    pos += v.encoded_size;
    int64_t offset = h.base_offset + v.offset_delta;
    bool retain = true;
    if (!v.key) {
      retain = false;
    } else if (auto latest = rules.map->get(*v.key); latest && offset < *latest) {
      retain = false;
    } else if (!v.value && covered) {
      if (horizon_passed) {
        retain = false;
        ++out.tombstones_removed;
      } else {
        holds_tombstone = true;
        needs_stamp = needs_stamp || !stamped;
      }
    }
    if (retain) {
      kept.push_back(k);
    } else {
      ++out.records_removed;
    }
  }
  if (!cursor.exhausted_cleanly()) return filtered_batch{.undecodable = true};

  int64_t horizon = stamped ? h.base_timestamp : saturating_add(rules.now_ms, rules.delete_retention_ms);
  if (holds_tombstone) out.pending_horizon_ms = horizon;
  if (out.records_removed == 0 && !needs_stamp) return out;  // verbatim
  if (kept.empty()) {
    out.fate = keep_header ? batch_fate::emptied : batch_fate::dropped;
    if (keep_header) out.bytes = empty_batch(h);
    return out;
  }

  batch_header nh = h;
  nh.records_count = static_cast<int32_t>(kept.size());
  std::vector<uint8_t> body;
  if (needs_stamp) {
    nh.attributes = static_cast<int16_t>(h.attributes | records::attr_delete_horizon);
    nh.base_timestamp = horizon;
    encode_against(body, kept, h.base_timestamp, horizon);
  } else {
    for (const auto& k : kept) body.insert(body.end(), k.raw.begin(), k.raw.end());
  }
  std::vector<uint8_t> bytes(records::batch_header_size);
  if (auto r = records::compress_into(h.codec(), body, bytes, compress); !r) {  // same codec and framing
    return fail("cannot recompress batch at offset " + std::to_string(h.base_offset) + ": " + r.error());
  }
  out.fate = batch_fate::rewritten;
  out.bytes = seal(std::move(bytes), nh);
  return out;
}

}  // namespace gregor::storage
