// log: loading, appends, reads and watermarks. Flush, retention and truncation: log_maintenance.cc.
#include "storage/log.h"

#include <algorithm>
#include <chrono>

#include "storage/log_files.h"
#include "storage/segment_swap.h"

namespace gregor::storage {
namespace {

// Header reads while walking a file region's batches: small, as the batches are usually large.
constexpr size_t region_scan_chunk = 8 * 1024;

// The length of the whole batches in [first.position, first.position + length) that end below
// max_offset, from their headers alone (the bodies are not read). At least `first` itself.
result<uint64_t> whole_batches(const segment& seg, const scanned_batch& first, size_t length, int64_t max_offset) {
  auto scan = seg.scan(first.position, first.position + length, /*validate=*/false, region_scan_chunk);
  uint64_t used = 0;
  for (;;) {
    auto b = scan.next();
    if (!b) return fail(b.error());
    if (!*b || (*b)->header.last_offset() >= max_offset) return used;
    used += (*b)->header.total_size();
  }
}

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

log::log(log_open_options& o)
    : fs_(o.fs ? *o.fs : fs::posix_fs()),
      files_(o.files ? o.files : fs::open_file_cache::create(fs_, fs::open_file_cache::default_max_open())),
      dir_(o.dir), topic_(o.topic), partition_(o.partition),
      clock_(o.clock ? o.clock : system_now_ms), config_(o.config),
      epochs_(fs_, o.dir / std::string(leader_epoch_checkpoint_file)) {}

log::~log() = default;

result<std::shared_ptr<log>> log::open(log_open_options options) {
  std::shared_ptr<log> l(new log(options));
  if (auto r = l->load(options); !r) return fail(l->dir_.string() + ": " + r.error());
  return l;
}

result<void> log::load(const log_open_options& o) {
  auto names = fs_.list_dir(dir_);
  if (!names) {  // a new log (the dir exists already when the log_manager loads or creates it)
    if (auto r = fs_.create_dirs(dir_); !r) return r;
    names = fs_.list_dir(dir_);
  }
  if (!names) return fail(names.error());
  // Leftovers (.tmp, .deleted, .cleaned) go; a cleaner swap that reached its commit is finished.
  auto swaps = finish_interrupted_swaps(fs_, dir_, *names);
  if (!swaps) return fail(swaps.error());
  load_stats_.completed_swaps = swaps->completed_swaps;
  if (swaps->completed_swaps > 0 || swaps->removed_leftovers > 0) names = fs_.list_dir(dir_);  // changed
  if (!names) return fail(names.error());
  std::vector<int64_t> bases;
  for (const auto& name : *names) {
    if (auto base = parse_segment_file_name(name, log_suffix)) bases.push_back(*base);
  }
  std::sort(bases.begin(), bases.end());
  // Index files without a .log file are orphans (e.g. a crash during segment deletion).
  std::vector<int64_t> indexed;  // bases with both index files, counted once per file
  for (const auto& name : *names) {
    auto base = parse_segment_file_name(name, index_suffix);
    if (!base) base = parse_segment_file_name(name, time_index_suffix);
    if (!base) continue;
    if (std::binary_search(bases.begin(), bases.end(), *base)) {
      indexed.push_back(*base);
    } else {
      (void)fs_.remove(dir_ / name);
    }
  }
  std::sort(indexed.begin(), indexed.end());

  int64_t now = now_ms();
  for (int64_t base : bases) {
    auto [first, last] = std::equal_range(indexed.begin(), indexed.end(), base);
    auto seg = segment::open(*files_, dir_, base, config_, now, last - first == 2);
    if (!seg) return fail(seg.error());
    segments_.push_back(std::move(*seg));
  }
  load_stats_.segments = segments_.size();

  // Recovery: after an unclean shutdown, re-validate the segments that may hold unflushed data
  // (the one containing the recovery point and all later ones). Everything else is trusted.
  bool recovered_any = false;
  bool last_recovered = false;
  for (size_t i = 0; i < segments_.size(); ++i) {
    auto& seg = segments_[i];
    bool last = i + 1 == segments_.size();
    bool unflushed = !o.clean_shutdown && (last || segments_[i + 1]->base_offset() > o.recovery_point);
    if (!unflushed && !seg->needs_rebuild()) continue;
    auto stats = seg->recover();
    if (!stats) return fail(stats.error());
    recovered_any = true;
    ++load_stats_.recovered_segments;
    load_stats_.truncated_bytes += stats->truncated_bytes;
    if (stats->truncated_bytes > 0 && !last) {
      // Later segments cannot be trusted once an earlier one had a bad tail.
      for (size_t j = i + 1; j < segments_.size(); ++j) {
        if (auto r = segments_[j]->remove_files(); !r) return r;
        ++load_stats_.deleted_segments;
      }
      segments_.resize(i + 1);
    }
    last_recovered = i + 1 == segments_.size();
    if (last_recovered) break;
  }

  if (segments_.empty()) {
    auto seg = segment::create(*files_, dir_, std::max<int64_t>(o.log_start_offset, 0), config_, now);
    if (!seg) return fail(seg.error());
    segments_.push_back(std::move(*seg));
    dir_needs_sync_ = true;
  } else if (!last_recovered) {
    if (auto r = segments_.back()->load_tail(); !r) return r;
  }

  log_end_offset_ = segments_.back()->next_offset();
  log_start_offset_ = std::clamp(o.log_start_offset, segments_.front()->base_offset(), log_end_offset_);
  // A checkpoint past the log end (the log was truncated) is stale: clean from the start again.
  cleaner_offset_ = o.cleaner_offset < 0 || o.cleaner_offset > log_end_offset_ ? log_start_offset_ : o.cleaner_offset;
  high_watermark_ = log_end_offset_;
  if (recovered_any) {
    for (auto& seg : segments_) {
      if (auto r = seg->flush(); !r) return r;
    }
  }
  flushed_offset_ = (o.clean_shutdown || recovered_any) ? log_end_offset_ : std::min(o.recovery_point, log_end_offset_);
  last_flush_ms_ = now;

  if (auto r = epochs_.load(); !r) return r;
  if (auto r = epochs_.truncate_from_end(log_end_offset_); !r) return r;
  return epochs_.truncate_from_start(log_start_offset_);
}

result<append_result> log::append(std::span<uint8_t> batches, int32_t leader_epoch) {
  std::lock_guard lock(mu_);
  if (failed_ || closed_) return fail(std::string(failed_ ? "log is in a failed state" : "log is closed"));
  // One pass over the headers: check framing, assign offsets, stamp the leader epoch.
  int64_t next = log_end_offset_;
  int64_t max_timestamp = -1;
  int64_t offset_of_max_timestamp = next;
  size_t pos = 0;
  while (pos < batches.size()) {
    auto h = records::parse_batch_header(byte_span(batches.data() + pos, batches.size() - pos));
    if (!h || h->magic != 2 || h->last_offset_delta < 0 ||
        h->batch_length < static_cast<int32_t>(records::batch_header_size - records::batch_log_overhead) ||
        h->total_size() > batches.size() - pos) {
      return fail("invalid record batch framing at byte " + std::to_string(pos));
    }
    records::set_base_offset(batches.data() + pos, next);
    if (leader_epoch >= 0) records::set_partition_leader_epoch(batches.data() + pos, leader_epoch);
    int64_t last = next + h->last_offset_delta;
    if (h->max_timestamp > max_timestamp) {
      max_timestamp = h->max_timestamp;
      offset_of_max_timestamp = last;
    }
    next = last + 1;
    pos += h->total_size();
  }
  if (batches.empty()) return fail(std::string("empty append"));
  int64_t first = log_end_offset_;
  int64_t last = next - 1;

  auto roll_needed = segments_.back()->should_roll(batches.size(), max_timestamp, last, now_ms());
  if (!roll_needed) return fail(roll_needed.error());
  if (*roll_needed) {
    if (auto r = roll(first); !r) return fail(r.error());
  }
  if (auto r = segments_.back()->append(batches, last, max_timestamp, offset_of_max_timestamp); !r) {
    return fail(r.error());
  }
  log_end_offset_ = next;
  if (high_watermark_follows_leo_) high_watermark_ = log_end_offset_;
  if (leader_epoch > epochs_.latest_epoch()) (void)epochs_.assign(leader_epoch, first);
  return append_result{first, last, -1, log_start_offset_};
}

result<void> log::roll(int64_t base_offset) {
  if (auto r = segments_.back()->seal(); !r) return r;
  auto seg = segment::create(*files_, dir_, base_offset, config_, now_ms());
  if (!seg) return fail(seg.error());
  segments_.push_back(std::move(*seg));
  dir_needs_sync_ = true;
  return {};
}

result<read_result, storage_error> log::read(int64_t fetch_offset, size_t max_bytes, bool min_one_batch,
                                             int64_t max_offset, bool as_file_region) {
  struct snapshot {
    std::shared_ptr<segment> seg;
    uint64_t size;
  };
  std::vector<snapshot> segs;
  uint64_t start_position = 0;
  read_result out;
  {
    std::lock_guard lock(mu_);
    out = read_result{{}, {}, log_start_offset_, log_end_offset_, high_watermark_};
    if (fetch_offset < log_start_offset_ || fetch_offset > log_end_offset_) {
      return tl::make_unexpected(storage_error::offset_out_of_range);
    }
    if (fetch_offset == log_end_offset_ || fetch_offset >= max_offset) return out;
    auto it = std::upper_bound(segments_.begin(), segments_.end(), fetch_offset,
                               [](int64_t o, const auto& s) { return o < s->base_offset(); });
    if (it != segments_.begin()) --it;
    // Up to 4 segments with data; compaction can leave empty segments, which are skipped.
    for (; segs.size() < 4 && it != segments_.end(); ++it) {
      if ((*it)->size() > 0 || segs.empty()) segs.push_back({*it, (*it)->size()});
    }
    auto pos = segs.front().seg->index_position(fetch_offset);
    if (!pos) return tl::make_unexpected(storage_error::io_error);
    start_position = *pos;
  }
  // Unlocked: only preads on segments kept alive by the snapshot, bounded by snapshot sizes.
  for (size_t i = 0; i < segs.size(); ++i) {
    auto& [seg, size] = segs[i];
    auto found = seg->find_batch(i == 0 ? start_position : 0, fetch_offset, size);
    if (!found) return tl::make_unexpected(storage_error::io_error);
    if (!*found) continue;
    const auto& first = **found;
    if (first.header.last_offset() >= max_offset) return out;
    size_t length = static_cast<size_t>(std::min<uint64_t>(max_bytes, size - first.position));
    if (first.header.total_size() > length) {
      if (!min_one_batch) return out;
      length = first.header.total_size();
    }
    if (as_file_region && length >= min_file_region_bytes) {
      auto used = whole_batches(*seg, first, length, max_offset);
      if (!used) return tl::make_unexpected(storage_error::io_error);
      // The segment stays readable through the region's own descriptor, deleted or not.
      out.region = seg->region(first.position, *used);
      if (out.region) return out;
    }
    auto bytes = seg->read(first.position, length);
    if (!bytes) return tl::make_unexpected(storage_error::io_error);
    // Keep whole batches below max_offset.
    size_t used = 0;
    while (used + records::batch_header_size <= bytes->size()) {
      auto h = records::parse_batch_header(byte_span(bytes->data() + used, bytes->size() - used));
      if (used + h->total_size() > bytes->size() || h->last_offset() >= max_offset) break;
      used += h->total_size();
    }
    bytes->resize(used);
    out.data = shared_bytes::adopt(std::move(*bytes));
    return out;
  }
  return out;
}

int64_t log::log_start_offset() const {
  std::lock_guard lock(mu_);
  return log_start_offset_;
}

int64_t log::log_end_offset() const {
  std::lock_guard lock(mu_);
  return log_end_offset_;
}

int64_t log::high_watermark() const {
  std::lock_guard lock(mu_);
  return high_watermark_;
}

void log::set_high_watermark(int64_t offset) {
  std::lock_guard lock(mu_);
  high_watermark_follows_leo_ = false;
  high_watermark_ = std::clamp(offset, log_start_offset_, log_end_offset_);
}

int64_t log::flushed_offset() const {
  std::lock_guard lock(mu_);
  return flushed_offset_;
}

uint64_t log::size_bytes_locked() const {
  uint64_t total = 0;
  for (const auto& s : segments_) total += s->size();
  return total;
}

uint64_t log::size_bytes() const {
  std::lock_guard lock(mu_);
  return size_bytes_locked();
}

size_t log::segment_count() const {
  std::lock_guard lock(mu_);
  return segments_.size();
}

log_config log::config() const {
  std::lock_guard lock(mu_);
  return config_;
}

void log::update_config(const log_config& config) {
  std::lock_guard lock(mu_);
  config_ = config;
  for (auto& s : segments_) s->update_config(config);
}

}  // namespace gregor::storage
