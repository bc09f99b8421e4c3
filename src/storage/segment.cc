#include "storage/segment.h"

#include <algorithm>
#include <limits>

#include "storage/log_files.h"

namespace gregor::storage {
namespace {
constexpr size_t header_scan_chunk = 8 * 1024;
constexpr size_t recovery_chunk = 1 << 20;
constexpr int64_t max_relative_offset = std::numeric_limits<int32_t>::max();
}  // namespace

segment::segment(fs::open_file_cache& files, fs::path dir, int64_t base, const log_config& config, int64_t now_ms)
    : files_(files), dir_(std::move(dir)), base_offset_(base), index_interval_bytes_(config.index_interval_bytes),
      created_ms_(now_ms), next_offset_(base), config_(config) {}

segment::~segment() = default;

result<std::shared_ptr<segment>> segment::create(fs::open_file_cache& files, const fs::path& dir, int64_t base_offset,
                                                 const log_config& config, int64_t now_ms,
                                                 std::string_view file_suffix) {
  std::shared_ptr<segment> s(new segment(files, dir, base_offset, config, now_ms));
  s->file_suffix_ = std::string(file_suffix);
  auto log = files.open(s->file_path(log_suffix), fs::open_mode::create_truncate);
  if (!log) return fail(log.error());
  s->log_ = std::move(*log);
  auto oi = offset_index::create(files, s->file_path(index_suffix), base_offset, config.max_index_bytes);
  if (!oi) return fail(oi.error());
  s->offset_index_ = std::move(*oi);
  auto ti = time_index::create(files, s->file_path(time_index_suffix), base_offset, config.max_index_bytes);
  if (!ti) return fail(ti.error());
  s->time_index_ = std::move(*ti);
  s->max_timestamp_ = timestamp_offset{-1, base_offset};
  return s;
}

result<std::shared_ptr<segment>> segment::open(fs::open_file_cache& files, const fs::path& dir, int64_t base_offset,
                                               const log_config& config, int64_t now_ms,
                                               std::optional<bool> has_indexes) {
  std::shared_ptr<segment> s(new segment(files, dir, base_offset, config, now_ms));
  auto& fs = files.fs();
  auto log_path = dir / segment_file_name(base_offset, log_suffix);
  auto size = fs.file_size(log_path);
  if (!size) return fail(size.error());
  s->size_ = *size;
  auto log = files.open(log_path, fs::open_mode::read_write);
  if (!log) return fail(log.error());
  s->log_ = std::move(*log);
  auto index_path = dir / segment_file_name(base_offset, index_suffix);
  auto time_path = dir / segment_file_name(base_offset, time_index_suffix);
  bool has_index = has_indexes.value_or(false) || fs.exists(index_path);
  bool has_time_index = has_indexes.value_or(false) || fs.exists(time_path);
  s->needs_rebuild_ = !has_index || !has_time_index;
  auto oi = has_index ? offset_index::open(files, index_path, base_offset, config.max_index_bytes)
                      : offset_index::create(files, index_path, base_offset, config.max_index_bytes);
  if (!oi) return fail(oi.error());
  s->offset_index_ = std::move(*oi);
  auto ti = has_time_index ? time_index::open(files, time_path, base_offset, config.max_index_bytes)
                           : time_index::create(files, time_path, base_offset, config.max_index_bytes);
  if (!ti) return fail(ti.error());
  s->time_index_ = std::move(*ti);
  return s;
}

void segment::update_config(const log_config& config) {
  config_ = config;
  index_interval_bytes_ = config.index_interval_bytes;
  offset_index_->set_max_index_bytes(config.max_index_bytes);
  time_index_->set_max_index_bytes(config.max_index_bytes);
}

result<bool> segment::should_roll(uint64_t bytes, int64_t max_timestamp, int64_t last_offset, int64_t now_ms) {
  if (size_ == 0) return false;
  if (size_ + bytes > static_cast<uint64_t>(config_.segment_bytes)) return true;
  if (size_ + bytes > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) return true;
  if (offset_index_->full() || time_index_->full()) return true;
  if (last_offset - base_offset_ > max_relative_offset) return true;
  auto first = first_batch_timestamp();
  if (!first) return fail(first.error());
  // KIP-354: a compacted log rolls by max.compaction.lag.ms too, so the active segment (which is
  // never cleaned) cannot hold dirty records longer than that.
  int64_t roll_ms = config_.compact_enabled ? std::min(config_.segment_ms, config_.max_compaction_lag_ms)
                                            : config_.segment_ms;
  if (*first >= 0) return max_timestamp - *first > roll_ms;
  return now_ms - created_ms_ > roll_ms;
}

result<int64_t> segment::first_batch_timestamp() {
  if (!first_batch_timestamp_) {
    if (size_ == 0) return int64_t{-1};
    auto first = read(0, records::batch_header_size);
    if (!first) return fail(first.error());
    auto header = records::parse_batch_header(*first);
    first_batch_timestamp_ = header ? header->max_timestamp : -1;
  }
  return *first_batch_timestamp_;
}

bool segment::indexes_exceed(int32_t max_index_bytes) {
  auto limit = static_cast<size_t>(std::max(max_index_bytes, 0));
  return offset_index_->entries() * offset_index::entry_size >= limit ||
         time_index_->entries() * time_index::entry_size >= limit;
}

result<void> segment::append(byte_span batches, int64_t last_offset, int64_t max_timestamp,
                             int64_t offset_of_max_timestamp) {
  uint64_t position = size_;
  if (auto r = log_->write_at(position, batches); !r) {
    (void)log_->truncate(position);
    return r;
  }
  auto previous_max = max_timestamp_;
  auto previous_since = bytes_since_index_entry_;
  size_ += batches.size();
  if (position == 0) first_batch_timestamp_ = records::parse_batch_header(batches)->max_timestamp;
  if (auto m = this->max_timestamp(); m && max_timestamp > m->timestamp) {
    max_timestamp_ = timestamp_offset{max_timestamp, offset_of_max_timestamp};
  }
  if (auto r = index_batch(position, batches.size(), last_offset); !r) {
    // Undo so that the caller's view (append failed, nothing written) stays true.
    int64_t first_offset = records::parse_batch_header(batches)->base_offset;
    (void)offset_index_->truncate_to(first_offset);
    (void)time_index_->truncate_to(first_offset);
    (void)log_->truncate(position);
    size_ = position;
    max_timestamp_ = previous_max;
    bytes_since_index_entry_ = previous_since;
    if (position == 0) first_batch_timestamp_.reset();
    return r;
  }
  next_offset_ = last_offset + 1;
  return {};
}

result<void> segment::index_batch(uint64_t position, uint64_t bytes, int64_t last_offset) {
  if (bytes_since_index_entry_ > static_cast<uint64_t>(index_interval_bytes_)) {
    if (auto r = offset_index_->append(last_offset, position); !r) return r;
    auto m = max_timestamp();
    if (!m) return fail(m.error());
    if (auto r = time_index_->maybe_append(m->timestamp, m->offset); !r) return r;
    bytes_since_index_entry_ = 0;
  }
  bytes_since_index_entry_ += bytes;
  return {};
}

result<uint64_t> segment::index_position(int64_t offset) {
  auto e = offset_index_->lookup(offset);
  if (!e) return fail(e.error());
  return e->position;
}

result<std::optional<scanned_batch>> segment::find_batch(uint64_t from, int64_t offset, uint64_t limit) const {
  batch_scanner scan(*log_, from, limit, false, header_scan_chunk);
  while (true) {
    auto b = scan.next();
    if (!b) return fail(b.error());
    if (!*b || (*b)->header.last_offset() >= offset) return b;
  }
}

result<std::optional<scanned_batch>> segment::find_batch_by_time(uint64_t from, int64_t timestamp,
                                                                 uint64_t limit) const {
  batch_scanner scan(*log_, from, limit, false, header_scan_chunk);
  while (true) {
    auto b = scan.next();
    if (!b) return fail(b.error());
    if (!*b || (*b)->header.max_timestamp >= timestamp) return b;
  }
}

result<std::vector<uint8_t>> segment::read(uint64_t position, size_t length) const {
  std::vector<uint8_t> out(length);
  auto n = log_->read_at(position, out);
  if (!n) return fail(n.error());
  out.resize(*n);
  return out;
}

file_region segment::region(uint64_t position, size_t length) const {
  int fd = log_->duplicate_descriptor();
  if (fd < 0) return {};
  return file_region(fd, position, length);
}

result<uint64_t> segment::time_search_position(int64_t timestamp) {
  auto t = time_index_->lookup_before(timestamp);
  if (!t) return fail(t.error());
  return index_position(t->offset);
}

result<timestamp_offset> segment::max_timestamp() {
  if (!max_timestamp_) {
    auto last = time_index_->last_entry();
    if (!last) return fail(last.error());
    max_timestamp_ = *last;
  }
  return *max_timestamp_;
}

result<int64_t> segment::largest_timestamp_for_retention() {
  auto m = max_timestamp();
  if (!m) return fail(m.error());
  if (m->timestamp >= 0) return m->timestamp;
  return files_.fs().last_modified_ms(log_->file_path());
}

result<recovery_stats> segment::recover() {
  // What is recovered may sit only in the page cache, written by the process that crashed: the
  // log's flush after recovery must fdatasync it before the recovery point moves past it.
  log_->assume_unsynced();
  if (auto r = offset_index_->reset(); !r) return fail(r.error());
  if (auto r = time_index_->reset(); !r) return fail(r.error());
  auto file_size = log_->size();
  if (!file_size) return fail(file_size.error());
  max_timestamp_ = timestamp_offset{-1, base_offset_};
  first_batch_timestamp_.reset();
  bytes_since_index_entry_ = 0;
  recovery_stats stats;
  int64_t last = base_offset_ - 1;
  batch_scanner scan(*log_, 0, *file_size, true, recovery_chunk);
  while (true) {
    auto b = scan.next();
    if (!b) return fail(b.error());
    if (!*b) break;
    const auto& h = (*b)->header;
    if (h.base_offset <= last || h.last_offset() - base_offset_ > max_relative_offset) break;  // out of order
    if ((*b)->position == 0) first_batch_timestamp_ = h.max_timestamp;
    if (h.max_timestamp > max_timestamp_->timestamp) max_timestamp_ = timestamp_offset{h.max_timestamp, h.last_offset()};
    if (auto r = index_batch((*b)->position, h.total_size(), h.last_offset()); !r) return fail(r.error());
    last = h.last_offset();
    stats.valid_bytes = (*b)->position + h.total_size();
    ++stats.batches;
  }
  if (stats.valid_bytes < *file_size) {
    if (auto r = log_->truncate(stats.valid_bytes); !r) return fail(r.error());
    stats.truncated_bytes = *file_size - stats.valid_bytes;
  }
  size_ = stats.valid_bytes;
  next_offset_ = last + 1;
  needs_rebuild_ = false;
  return stats;
}

result<void> segment::load_tail() {
  auto last_index = offset_index_->last_entry();
  if (!last_index) return fail(last_index.error());
  auto last_time = time_index_->last_entry();
  if (!last_time) return fail(last_time.error());
  if (last_index->position > size_) return recover().map([](auto) {});
  max_timestamp_ = *last_time;
  next_offset_ = base_offset_;
  batch_scanner scan(*log_, last_index->position, size_, false, header_scan_chunk);
  while (true) {
    auto b = scan.next();
    if (!b) return fail(b.error());
    if (!*b) break;
    const auto& h = (*b)->header;
    if ((*b)->position == 0) first_batch_timestamp_ = h.max_timestamp;
    if (h.max_timestamp > max_timestamp_->timestamp) max_timestamp_ = timestamp_offset{h.max_timestamp, h.last_offset()};
    next_offset_ = h.last_offset() + 1;
  }
  if (scan.status() != scan_status::end) return recover().map([](auto) {});  // untrustworthy tail
  if (next_offset_ == base_offset_ && last_index->position > 0) return recover().map([](auto) {});
  bytes_since_index_entry_ = size_ - last_index->position;
  return {};
}

result<int64_t> segment::truncate_to(int64_t offset) {
  auto from = index_position(offset);
  if (!from) return fail(from.error());
  auto b = find_batch(*from, offset, size_);
  if (!b) return fail(b.error());
  if (*b) {
    uint64_t cut = (*b)->position;
    int64_t first_removed = (*b)->header.base_offset;
    if (auto r = log_->truncate(cut); !r) return fail(r.error());
    size_ = cut;
    if (auto r = offset_index_->truncate_to(first_removed); !r) return fail(r.error());
    if (auto r = time_index_->truncate_to(first_removed); !r) return fail(r.error());
    if (cut == 0) first_batch_timestamp_.reset();
  }
  // Re-derive next offset, max timestamp and bytes since the last index entry.
  max_timestamp_.reset();
  if (auto r = load_tail(); !r) return fail(r.error());
  return next_offset_;
}

result<void> segment::seal() {
  auto m = max_timestamp();
  if (!m) return fail(m.error());
  return time_index_->maybe_append(m->timestamp, m->offset, true);
}

result<void> segment::flush() const {
  if (auto r = log_->sync(); !r) return r;
  if (auto r = offset_index_->sync(); !r) return r;
  return time_index_->sync();
}

fs::path segment::file_path(std::string_view kind) const {
  return dir_ / (segment_file_name(base_offset_, kind) + file_suffix_);
}

result<void> segment::remove_files() {
  if (auto r = log_->remove(); !r) return r;
  if (auto r = offset_index_->remove(); !r) return r;
  return time_index_->remove();
}

result<void> segment::rename_files(std::string_view suffix, std::vector<fs::path>& renamed) {
  std::string old_suffix = file_suffix_;
  file_suffix_ = std::string(suffix);
  // Each handle follows its own file, so a failure part way leaves every handle right; the
  // caller then fails the log.
  auto rename = [&](auto& file, std::string_view kind) -> result<void> {
    fs::path to = file_path(kind);
    if (auto r = file.rename(to); !r) return r;
    renamed.push_back(std::move(to));
    return {};
  };
  result<void> r = rename(*log_, log_suffix);
  if (r) r = rename(*offset_index_, index_suffix);
  if (r) r = rename(*time_index_, time_index_suffix);
  if (!r) file_suffix_ = old_suffix;
  return r;
}

}  // namespace gregor::storage
