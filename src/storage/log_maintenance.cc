// log: flush, retention, DeleteRecords, truncation, timestamp lookups, leader epochs, close.
#include <algorithm>

#include "storage/log.h"
#include "storage/retention.h"

namespace gregor::storage {

result<void> log::flush_up_to(int64_t offset) {
  std::vector<std::shared_ptr<segment>> dirty;
  int64_t target;
  bool sync_dir;
  {
    std::lock_guard lock(mu_);
    if (failed_) return fail(std::string("log is in a failed state"));
    target = std::min(offset, log_end_offset_);
    if (target <= flushed_offset_ && !dir_needs_sync_) return {};
    // Segments that may hold offsets in [flushed_offset_, target).
    for (size_t i = 0; i < segments_.size(); ++i) {
      if (segments_[i]->base_offset() >= target && i > 0) break;
      if (i + 1 == segments_.size() || segments_[i + 1]->base_offset() > flushed_offset_) dirty.push_back(segments_[i]);
    }
    sync_dir = dir_needs_sync_;
    dir_needs_sync_ = false;
  }
  // Unlocked: appends continue while we wait on the disk.
  result<void> r;
  for (auto& seg : dirty) {
    r = seg->flush();
    if (!r) break;
  }
  if (r && sync_dir) r = fs_.sync_dir(dir_);
  std::lock_guard lock(mu_);
  if (!r) {
    failed_ = true;
    return r;
  }
  flushed_offset_ = std::max(flushed_offset_, std::min(target, log_end_offset_));
  last_flush_ms_ = now_ms();
  return {};
}

std::optional<int64_t> log::unflushed_roll() const {
  std::lock_guard lock(mu_);
  int64_t active_base = segments_.back()->base_offset();
  if (failed_ || active_base <= flushed_offset_) return std::nullopt;
  return active_base;
}

bool log::needs_flush(int64_t now_ms) const {
  std::lock_guard lock(mu_);
  int64_t unflushed = log_end_offset_ - flushed_offset_;
  if (unflushed <= 0) return false;
  return unflushed >= config_.flush_messages || now_ms - last_flush_ms_ >= config_.flush_ms;
}

result<void> log::delete_oldest(size_t count) {
  count = std::min(count, segments_.size() - 1);  // never the active segment
  size_t done = 0;
  result<void> r;
  for (; done < count; ++done) {
    r = retire(*segments_[done]);
    if (!r) break;
  }
  segments_.erase(segments_.begin(), segments_.begin() + static_cast<long>(done));
  if (done > 0) {
    log_start_offset_ = std::max(log_start_offset_, segments_.front()->base_offset());
    (void)epochs_.truncate_from_start(log_start_offset_);
    dir_needs_sync_ = true;
  }
  return r;
}

result<void> log::delete_records_before(int64_t offset) {
  std::lock_guard lock(mu_);
  if (offset > high_watermark_) {
    return fail("offset " + std::to_string(offset) + " is above the high watermark " + std::to_string(high_watermark_));
  }
  if (offset <= log_start_offset_) return {};
  log_start_offset_ = offset;
  (void)epochs_.truncate_from_start(log_start_offset_);
  size_t n = 0;
  while (n + 1 < segments_.size() && segments_[n + 1]->base_offset() <= log_start_offset_) ++n;
  return delete_oldest(n);
}

size_t log::apply_retention(int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto n = segments_to_delete(segments_, config_,
                              {now_ms, log_start_offset_, high_watermark_, size_bytes_locked()});
  if (!n || *n == 0) return 0;
  size_t before = segments_.size();
  (void)delete_oldest(*n);
  return before - segments_.size();
}

std::optional<std::pair<int64_t, int64_t>> log::offset_for_timestamp(int64_t timestamp) {
  std::lock_guard lock(mu_);
  for (auto& seg : segments_) {
    auto m = seg->max_timestamp();
    if (!m || m->timestamp < timestamp) continue;
    auto from = seg->time_search_position(timestamp);
    if (!from) return std::nullopt;
    uint64_t pos = *from;
    while (true) {
      auto b = seg->find_batch_by_time(pos, timestamp, seg->size());
      if (!b || !*b) break;
      const auto& h = (*b)->header;
      if (h.last_offset() >= log_start_offset_) {
        return std::pair{std::max(h.base_offset, log_start_offset_), h.max_timestamp};
      }
      pos = (*b)->position + h.total_size();
    }
  }
  return std::nullopt;
}

std::pair<int64_t, int64_t> log::max_timestamp_and_offset() {
  std::lock_guard lock(mu_);
  std::pair<int64_t, int64_t> best{-1, -1};
  for (auto& seg : segments_) {
    auto m = seg->max_timestamp();
    if (m && m->timestamp > best.first) best = {m->timestamp, m->offset};
  }
  return best;
}

void log::assign_epoch(int32_t epoch, int64_t start_offset) {
  std::lock_guard lock(mu_);
  (void)epochs_.assign(epoch, start_offset);
}

std::pair<int32_t, int64_t> log::end_offset_for_epoch(int32_t epoch) const {
  std::lock_guard lock(mu_);
  return epochs_.end_offset_for(epoch, log_end_offset_);
}

std::vector<epoch_entry> log::epoch_entries() const {
  std::lock_guard lock(mu_);
  return epochs_.entries();
}

void log::truncate_to(int64_t offset) {
  std::lock_guard lock(mu_);
  if (offset >= log_end_offset_ || closed_) return;
  ++generation_;  // a cleaning round in progress must not swap in segments from before this
  cleaner_offset_ = std::min(cleaner_offset_, offset);
  if (offset < segments_.front()->base_offset()) {
    // Truncate fully and start again at offset.
    for (auto& seg : segments_) (void)retire(*seg);
    segments_.clear();
    auto seg = segment::create(*files_, dir_, std::max<int64_t>(offset, 0), config_, now_ms());
    if (!seg) {
      failed_ = true;
      return;
    }
    segments_.push_back(std::move(*seg));
    log_start_offset_ = offset;
    log_end_offset_ = offset;
  } else {
    while (segments_.size() > 1 && segments_.back()->base_offset() >= offset) {
      (void)retire(*segments_.back());
      segments_.pop_back();
    }
    auto& active = segments_.back();
    auto next = active->truncate_to(offset);
    if (!next) {
      failed_ = true;
      return;
    }
    log_end_offset_ = *next;
  }
  dir_needs_sync_ = true;
  log_start_offset_ = std::min(log_start_offset_, log_end_offset_);
  high_watermark_ = std::min(high_watermark_, log_end_offset_);
  flushed_offset_ = std::min(flushed_offset_, log_end_offset_);
  (void)epochs_.truncate_from_end(log_end_offset_);
}

result<void> log::close() {
  {
    std::lock_guard lock(mu_);
    if (closed_) return {};
    closed_ = true;
    if (auto r = segments_.back()->seal(); !r) return r;
    dir_needs_sync_ = true;  // forces flush() to sync the active segment's trimmed indexes
  }
  return flush();
}

}  // namespace gregor::storage
