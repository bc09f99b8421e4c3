// log: the hooks the cleaner uses (snapshot, segment swap, cleaner state) and delayed deletion of
// retired segment files (file.delete.delay.ms). See segment_swap.h for the swap's file steps.
#include <algorithm>
#include <limits>

#include "storage/log.h"
#include "storage/log_files.h"
#include "storage/segment_swap.h"

namespace gregor::storage {
namespace {

int64_t saturating_add(int64_t a, int64_t b) {
  if (b > 0 && a > std::numeric_limits<int64_t>::max() - b) return std::numeric_limits<int64_t>::max();
  return a + b;
}

}  // namespace

int64_t log::cleaner_offset() const {
  std::lock_guard lock(mu_);
  return std::clamp(cleaner_offset_, log_start_offset_, log_end_offset_);
}

log_snapshot log::snapshot_for_cleaning() {
  std::lock_guard lock(mu_);
  log_snapshot s;
  s.config = config_;
  s.active_base_offset = segments_.back()->base_offset();
  s.log_start_offset = log_start_offset_;
  s.high_watermark = high_watermark_;
  s.cleaner_offset = std::clamp(cleaner_offset_, log_start_offset_, log_end_offset_);
  s.delete_horizon_ms = delete_horizon_ms_;
  s.generation = generation_;
  bool first_dirty = true;
  for (size_t i = 0; i + 1 < segments_.size(); ++i) {
    auto& seg = segments_[i];
    segment_summary summary{seg, seg->base_offset(), seg->size()};
    if (segments_[i + 1]->base_offset() > s.cleaner_offset) {  // in the dirty section
      if (config_.min_compaction_lag_ms > 0) {
        auto ts = seg->largest_timestamp_for_retention();
        // Unknown age: treat as new, so the lag holds the segment back rather than cleaning early.
        summary.largest_timestamp = ts ? *ts : std::numeric_limits<int64_t>::max();
      }
      if (first_dirty && config_.max_compaction_lag_ms != std::numeric_limits<int64_t>::max()) {
        auto ts = seg->first_batch_timestamp();
        summary.first_batch_timestamp = ts ? *ts : -1;
      }
      first_dirty = false;
    }
    s.segments.push_back(std::move(summary));
  }
  return s;
}

result<bool> log::replace_segments(std::span<const std::shared_ptr<segment>> replaced, int64_t new_base,
                                   uint64_t generation) {
  result<bool> swapped = false;
  {
    std::lock_guard lock(mu_);
    bool current = !closed_ && !failed_ && generation == generation_ && !replaced.empty();
    if (current) {
      auto it = std::find(segments_.begin(), segments_.end(), replaced.front());
      size_t first = static_cast<size_t>(it - segments_.begin());
      current = first + replaced.size() < segments_.size();  // present, and never the active segment
      for (size_t i = 0; current && i < replaced.size(); ++i) current = segments_[first + i] == replaced[i];
    }
    if (current) swapped = swap_in_locked(replaced, new_base);
  }
  if (swapped && *swapped) {
    if (!fs_.sync_dir(dir_)) {
      std::lock_guard lock(mu_);
      dir_needs_sync_ = true;  // the next flush retries
    }
  } else if (swapped) {
    remove_segment_files(fs_, dir_, new_base, cleaned_suffix);
  }
  return swapped;
}

result<bool> log::swap_in_locked(std::span<const std::shared_ptr<segment>> replaced, int64_t new_base) {
  // Commit: <base>.log.swap exists (renamed last) and the directory entry is durable.
  if (auto r = rename_segment_files(fs_, dir_, new_base, cleaned_suffix, swap_suffix); !r) {
    remove_segment_files(fs_, dir_, new_base, cleaned_suffix);
    remove_segment_files(fs_, dir_, new_base, swap_suffix);
    return fail(r.error());
  }
  // From here on, a failure leaves a committed swap that the next load finishes; the in-memory
  // log cannot follow it any more, so it fails (like an fsync error) and serves reads only.
  auto give_up = [this](std::string error) -> result<bool> {
    failed_ = true;
    return fail("cleaner swap failed, log needs a restart: " + error);
  };
  if (auto r = fs_.sync_dir(dir_); !r) return give_up(r.error());
  std::vector<fs::path> retired;
  for (const auto& seg : replaced) {
    if (auto r = seg->rename_files(deleted_suffix, retired); !r) return give_up(r.error());
  }
  if (auto r = fs_.sync_dir(dir_); !r) return give_up(r.error());
  if (auto r = rename_segment_files(fs_, dir_, new_base, swap_suffix, ""); !r) return give_up(r.error());
  auto seg = segment::open(*files_, dir_, new_base, config_, now_ms());
  if (!seg) return give_up(seg.error());
  if (auto r = (*seg)->needs_rebuild() ? (*seg)->recover().map([](auto) {}) : (*seg)->load_tail(); !r) {
    return give_up(r.error());
  }

  auto first = std::find(segments_.begin(), segments_.end(), replaced.front());
  first = segments_.erase(first, first + static_cast<long>(replaced.size()));
  segments_.insert(first, std::move(*seg));
  if (config_.file_delete_delay_ms <= 0) {
    for (const auto& p : retired) (void)fs_.remove(p);
  } else {
    int64_t due = saturating_add(now_ms(), config_.file_delete_delay_ms);
    for (auto& p : retired) pending_deletes_.push_back({std::move(p), due});
  }
  dir_needs_sync_ = true;
  return true;
}

void log::finish_cleaning(int64_t cleaner_offset, int64_t delete_horizon_ms, uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  cleaner_offset_ = cleaner_offset;
  delete_horizon_ms_ = delete_horizon_ms;
}

result<void> log::retire(segment& seg) {
  if (config_.file_delete_delay_ms <= 0) return seg.remove_files();
  std::vector<fs::path> renamed;
  auto r = seg.rename_files(deleted_suffix, renamed);
  int64_t due = saturating_add(now_ms(), config_.file_delete_delay_ms);
  for (auto& p : renamed) pending_deletes_.push_back({std::move(p), due});
  if (!r) return seg.remove_files();  // whatever was not renamed goes at once
  return {};
}

size_t log::delete_expired_files(int64_t now_ms) {
  std::vector<fs::path> due;
  {
    std::lock_guard lock(mu_);
    auto keep = std::partition(pending_deletes_.begin(), pending_deletes_.end(),
                               [&](const pending_file& f) { return f.due_ms > now_ms; });
    for (auto it = keep; it != pending_deletes_.end(); ++it) due.push_back(std::move(it->path));
    pending_deletes_.erase(keep, pending_deletes_.end());
  }
  size_t removed = 0;
  for (const auto& p : due) removed += fs_.remove(p) ? 1 : 0;  // unlinks outside the mutex
  return removed;
}

std::optional<int64_t> log::next_file_deletion_ms() const {
  std::lock_guard lock(mu_);
  std::optional<int64_t> next;
  for (const auto& f : pending_deletes_) next = next ? std::min(*next, f.due_ms) : f.due_ms;
  return next;
}

}  // namespace gregor::storage
