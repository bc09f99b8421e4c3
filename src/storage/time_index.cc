#include "storage/time_index.h"

#include <limits>

#include "base/byte_order.h"

namespace gregor::storage {
namespace {

size_t valid_time_prefix(std::span<const uint8_t> bytes, size_t entry_size) {
  size_t n = bytes.size() / entry_size;
  int64_t prev_ts = std::numeric_limits<int64_t>::min();
  int64_t prev_rel = 0;
  for (size_t i = 0; i < n; ++i) {
    int64_t ts = load_be<int64_t>(bytes.data() + i * entry_size);
    int64_t rel = load_be<int32_t>(bytes.data() + i * entry_size + 8);
    if (ts <= prev_ts || rel < prev_rel) return i;
    prev_ts = ts;
    prev_rel = rel;
  }
  return n;
}

}  // namespace

time_index::time_index(std::unique_ptr<fs::cached_file> f, int64_t base, int32_t max_bytes, bool created)
    : index_file(std::move(f), entry_size, max_bytes, valid_time_prefix, created), base_offset_(base) {}

result<std::unique_ptr<time_index>> time_index::create(fs::open_file_cache& files, const fs::path& p,
                                                       int64_t base_offset, int32_t max_index_bytes) {
  auto f = files.open(p, fs::open_mode::create_truncate);
  if (!f) return fail(f.error());
  return std::unique_ptr<time_index>(new time_index(std::move(*f), base_offset, max_index_bytes, true));
}

result<std::unique_ptr<time_index>> time_index::open(fs::open_file_cache& files, const fs::path& p,
                                                     int64_t base_offset, int32_t max_index_bytes) {
  auto f = files.open(p, fs::open_mode::read_write);
  if (!f) return fail(f.error());
  return std::unique_ptr<time_index>(new time_index(std::move(*f), base_offset, max_index_bytes, false));
}

timestamp_offset time_index::at(size_t i) const {
  const uint8_t* e = entry(i);
  return {load_be<int64_t>(e), base_offset_ + load_be<int32_t>(e + 8)};
}

size_t time_index::upper(int64_t target, bool strict) {
  size_t lo = 0, hi = entries();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int64_t ts = at(mid).timestamp;
    if (strict ? ts < target : ts <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

result<timestamp_offset> time_index::lookup_before(int64_t target) {
  if (auto r = ensure_loaded(); !r) return fail(r.error());
  size_t i = upper(target, true);
  if (i == 0) return timestamp_offset{-1, base_offset_};
  return at(i - 1);
}

result<timestamp_offset> time_index::lookup_floor(int64_t target) {
  if (auto r = ensure_loaded(); !r) return fail(r.error());
  size_t i = upper(target, false);
  if (i == 0) return timestamp_offset{-1, base_offset_};
  return at(i - 1);
}

result<timestamp_offset> time_index::last_entry() {
  if (auto r = ensure_loaded(); !r) return fail(r.error());
  if (entries() == 0) return timestamp_offset{-1, base_offset_};
  return at(entries() - 1);
}

result<void> time_index::maybe_append(int64_t timestamp, int64_t offset, bool skip_full_check) {
  auto last = last_entry();
  if (!last) return fail(last.error());
  if (timestamp <= last->timestamp) return {};
  if (!skip_full_check && full()) return fail(std::string("time index is full"));
  if (offset < last->offset) return fail("time index append out of order at offset " + std::to_string(offset));
  uint8_t e[entry_size];
  store_be<int64_t>(e, timestamp);
  store_be<int32_t>(e + 8, static_cast<int32_t>(offset - base_offset_));
  return append_entry(e);
}

result<void> time_index::truncate_to(int64_t target) {
  if (auto r = ensure_loaded(); !r) return r;
  size_t n = entries();
  while (n > 0 && at(n - 1).offset >= target) --n;
  return truncate_entries(n);
}

}  // namespace gregor::storage
