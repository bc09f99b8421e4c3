// key_map: the cleaner's "offset map" — for each record key seen in the dirty section, the offset
// of its latest record.
//
// Kafka stores a 16-byte hash per key in a fixed buffer; Gregor stores the exact key bytes, so a
// hash collision can never make the cleaner drop a live record. Memory is bounded by a byte
// budget (log.cleaner.dedupe.buffer.size); the cleaner stops mapping at a batch boundary when the
// next batch might not fit, and that round then only covers the dirty section mapped so far.
//
// Thread-safety: none; owned by one cleaning round on the cleaner thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>

#include "base/shared_bytes.h"

namespace gregor::storage {

class key_map {
 public:
  explicit key_map(size_t budget_bytes) : budget_(budget_bytes) {}

  // Estimated memory one more entry for a key of this size costs (node, string, bucket).
  static size_t entry_cost(size_t key_size) { return per_entry_overhead + (key_size > 15 ? key_size : 0); }

  // Records offset as the latest for key (offsets are put in increasing order).
  void put(byte_span key, int64_t offset);
  // The latest offset recorded for key.
  std::optional<int64_t> get(byte_span key) const;

  // Would `extra` more bytes (a sum of entry_cost) exceed the budget?
  bool would_exceed(size_t extra) const { return used_ + extra > budget_; }
  size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }
  size_t memory_used() const { return used_; }

 private:
  static constexpr size_t per_entry_overhead = 72;
  static std::string_view view(byte_span key) {
    return {reinterpret_cast<const char*>(key.data()), key.size()};
  }

  struct key_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  size_t budget_;
  size_t used_ = 0;
  std::unordered_map<std::string, int64_t, key_hash, std::equal_to<>> map_;
};

}  // namespace gregor::storage
