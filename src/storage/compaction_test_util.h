// Test helpers for compaction tests: keyed batches built with the records codec, a model of the
// appended records, and a reader that decodes a whole log and checks its invariants.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocol/records/batch_builder.h"
#include "protocol/records/record_batch.h"
#include "storage/log.h"
#include "storage/test_batches.h"

namespace gregor::storage::testing {

struct kv {
  std::optional<std::string> key;
  std::optional<std::string> value;  // nullopt: tombstone
  int64_t timestamp = 0;
};

// prefix + n, written so that GCC 12 does not warn (-Wrestrict false positive on "lit" + string).
inline std::string str(std::string_view prefix, uint64_t n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

struct producer_fields {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
};

inline std::vector<uint8_t> keyed_batch(const std::vector<kv>& records,
                                        records::compression codec = records::compression::none,
                                        producer_fields producer = {}) {
  records::batch_options o;
  o.codec = codec;
  o.producer_id = producer.producer_id;
  o.producer_epoch = producer.producer_epoch;
  o.base_sequence = producer.base_sequence;
  records::batch_builder b(o);
  for (const auto& r : records) {
    std::optional<byte_span> key, value;
    if (r.key) key = records::bytes_of(*r.key);
    if (r.value) value = records::bytes_of(*r.value);
    b.append(r.timestamp, key, value);
  }
  auto out = b.finish();
  EXPECT_TRUE(out) << out.error();
  return *out;
}

// One record as appended, by offset.
struct model_record {
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp = 0;
};

struct read_record {
  int64_t offset;
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp;
};

struct log_contents {
  std::vector<records::batch_header> batches;
  std::vector<read_record> records;
  std::map<int64_t, read_record> by_offset() const {
    std::map<int64_t, read_record> out;
    for (const auto& r : records) out.emplace(r.offset, r);
    return out;
  }
};

inline std::optional<std::string> text_of(const std::optional<shared_bytes>& b) {
  if (!b) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(b->data()), b->size());
}

// Reads the log from its start to its end: every batch must pass its CRC check and decode, batch
// offsets must strictly increase, and the reads must reach the log end offset.
inline log_contents read_everything(log& l) {
  log_contents out;
  int64_t offset = l.log_start_offset();
  int64_t end = l.log_end_offset();
  int64_t last = -1;
  while (offset < end) {
    auto r = l.read(offset, 1 << 20, true, end);
    EXPECT_TRUE(r) << "read at " << offset;
    if (!r || r->data.empty()) break;
    size_t pos = 0;
    byte_span data = r->data.span();
    while (pos < data.size()) {
      auto h = records::parse_batch_header(data.subspan(pos));
      auto batch = data.subspan(pos, h->total_size());
      auto decoded = records::read_records(batch);
      EXPECT_TRUE(decoded) << "batch at " << h->base_offset << ": " << decoded.error().detail;
      EXPECT_GT(h->base_offset, last) << "offsets must strictly increase";
      EXPECT_GE(h->last_offset(), h->base_offset);
      out.batches.push_back(*h);
      if (decoded) {
        for (const auto& rec : decoded->records) {
          EXPECT_GT(rec.offset, last);
          EXPECT_LE(rec.offset, h->last_offset());
          last = rec.offset;
          out.records.push_back({rec.offset, text_of(rec.key), text_of(rec.value), rec.timestamp});
        }
      }
      last = h->last_offset();
      offset = h->last_offset() + 1;
      pos += h->total_size();
    }
  }
  EXPECT_GE(offset, end) << "the log could not be read to its end";
  return out;
}

// Checks the segment files on disk: every batch of "<base>.log" has offsets in [base, next base),
// increasing, with a valid CRC; nothing is hidden behind an overlapping segment. Returns the
// number of segments.
inline size_t check_segment_files(const std::filesystem::path& dir) {
  std::vector<std::pair<int64_t, std::filesystem::path>> logs;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (name.size() == 24 && name.ends_with(".log")) logs.emplace_back(std::stoll(name.substr(0, 20)), e.path());
  }
  std::sort(logs.begin(), logs.end());
  for (size_t i = 0; i < logs.size(); ++i) {
    int64_t limit = i + 1 < logs.size() ? logs[i + 1].first : std::numeric_limits<int64_t>::max();
    std::string bytes = read_text(logs[i].second);
    byte_span data(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    bool crc_ok = false;
    int64_t last = logs[i].first - 1;
    size_t total = 0;
    for (const auto& h : headers_of(data, &crc_ok)) {
      EXPECT_GT(h.base_offset, last) << logs[i].second;
      EXPECT_LT(h.last_offset(), limit) << logs[i].second << " overlaps the next segment";
      last = h.last_offset();
      total += h.total_size();
    }
    EXPECT_TRUE(crc_ok) << logs[i].second;
    EXPECT_EQ(total, data.size()) << logs[i].second;
  }
  return logs.size();
}

// The offsets that must survive cleaning everything below `end`: the latest record of each key
// below `end` (keyless records never survive), plus every record at or above `end`.
inline std::set<int64_t> expected_after_cleaning(const std::map<int64_t, model_record>& model, int64_t end,
                                                 bool tombstones_expired = false) {
  std::map<std::string, int64_t> latest;
  std::set<int64_t> out;
  for (const auto& [offset, r] : model) {
    if (offset >= end) {
      out.insert(offset);
    } else if (r.key) {
      latest[*r.key] = offset;
    }
  }
  for (const auto& [key, offset] : latest) {
    if (tombstones_expired && !model.at(offset).value) continue;
    out.insert(offset);
  }
  return out;
}

// Every record read must be the record appended at that offset; every offset of `required` must
// be present. Returns the set of offsets present.
inline std::set<int64_t> check_against_model(const log_contents& c, const std::map<int64_t, model_record>& model,
                                             const std::set<int64_t>& required) {
  std::set<int64_t> present;
  for (const auto& r : c.records) {
    auto it = model.find(r.offset);
    EXPECT_NE(it, model.end()) << "record at unknown offset " << r.offset;
    if (it == model.end()) continue;
    EXPECT_EQ(r.key, it->second.key) << "offset " << r.offset;
    EXPECT_EQ(r.value, it->second.value) << "offset " << r.offset;
    EXPECT_EQ(r.timestamp, it->second.timestamp) << "offset " << r.offset;
    EXPECT_TRUE(present.insert(r.offset).second) << "duplicate offset " << r.offset;
  }
  for (int64_t o : required) EXPECT_TRUE(present.contains(o)) << "lost record at offset " << o;
  return present;
}

}  // namespace gregor::storage::testing
