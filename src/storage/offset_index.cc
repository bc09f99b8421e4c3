#include "storage/offset_index.h"

#include "base/byte_order.h"

namespace gregor::storage {
namespace {

size_t valid_offset_prefix(std::span<const uint8_t> bytes, size_t entry_size) {
  size_t n = bytes.size() / entry_size;
  int64_t prev_rel = -1;
  int64_t prev_pos = 0;
  for (size_t i = 0; i < n; ++i) {
    int64_t rel = load_be<int32_t>(bytes.data() + i * entry_size);
    int64_t pos = load_be<int32_t>(bytes.data() + i * entry_size + 4);
    if (rel <= prev_rel || pos <= prev_pos) return i;
    prev_rel = rel;
    prev_pos = pos;
  }
  return n;
}

}  // namespace

offset_index::offset_index(std::unique_ptr<fs::cached_file> f, int64_t base, int32_t max_bytes, bool created)
    : index_file(std::move(f), entry_size, max_bytes, valid_offset_prefix, created), base_offset_(base) {}

result<std::unique_ptr<offset_index>> offset_index::create(fs::open_file_cache& files, const fs::path& p,
                                                           int64_t base_offset, int32_t max_index_bytes) {
  auto f = files.open(p, fs::open_mode::create_truncate);
  if (!f) return fail(f.error());
  return std::unique_ptr<offset_index>(new offset_index(std::move(*f), base_offset, max_index_bytes, true));
}

result<std::unique_ptr<offset_index>> offset_index::open(fs::open_file_cache& files, const fs::path& p,
                                                         int64_t base_offset, int32_t max_index_bytes) {
  auto f = files.open(p, fs::open_mode::read_write);
  if (!f) return fail(f.error());
  return std::unique_ptr<offset_index>(new offset_index(std::move(*f), base_offset, max_index_bytes, false));
}

offset_position offset_index::at(size_t i) const {
  const uint8_t* e = entry(i);
  return {base_offset_ + load_be<int32_t>(e), static_cast<uint64_t>(load_be<int32_t>(e + 4))};
}

result<offset_position> offset_index::lookup(int64_t target) {
  if (auto r = ensure_loaded(); !r) return fail(r.error());
  // Binary search for the first entry with offset > target; the floor is the one before it.
  size_t lo = 0, hi = entries();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (at(mid).offset <= target) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return offset_position{base_offset_, 0};
  return at(lo - 1);
}

result<offset_position> offset_index::last_entry() {
  if (auto r = ensure_loaded(); !r) return fail(r.error());
  if (entries() == 0) return offset_position{base_offset_, 0};
  return at(entries() - 1);
}

result<void> offset_index::append(int64_t offset, uint64_t position) {
  auto last = last_entry();
  if (!last) return fail(last.error());
  if (entries() > 0 && (offset <= last->offset || position <= last->position)) {
    return fail("offset index append out of order at offset " + std::to_string(offset));
  }
  uint8_t e[entry_size];
  store_be<int32_t>(e, static_cast<int32_t>(offset - base_offset_));
  store_be<int32_t>(e + 4, static_cast<int32_t>(position));
  return append_entry(e);
}

result<void> offset_index::truncate_to(int64_t target) {
  if (auto r = ensure_loaded(); !r) return r;
  size_t n = entries();
  while (n > 0 && at(n - 1).offset >= target) --n;
  return truncate_entries(n);
}

}  // namespace gregor::storage
