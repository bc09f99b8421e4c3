#include "storage/log_cleaner.h"

#include <algorithm>

#include "storage/log_files.h"

namespace gregor::storage {
namespace {

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

log_cleaner::log_cleaner(log_manager& logs, log_cleaner_options options)
    : logs_(logs), options_(std::move(options)), clock_(options_.clock ? options_.clock : system_now_ms) {}

log_cleaner::~log_cleaner() { stop(); }

void log_cleaner::start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
  stop_flag_ = false;
  thread_ = std::thread([this] { loop(); });
}

void log_cleaner::stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    stopping_ = true;
    stop_flag_ = true;
  }
  wake_cv_.notify_all();
  thread_.join();
  std::lock_guard lock(mu_);
  running_ = false;
  done_cv_.notify_all();
}

void log_cleaner::wake() {
  {
    std::lock_guard lock(mu_);
    wake_requested_ = true;
  }
  wake_cv_.notify_all();
}

bool log_cleaner::check_now(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!running_) {
    lock.unlock();
    run_once();
    return true;
  }
  uint64_t want = checks_started_ + 1;
  wake_requested_ = true;
  wake_cv_.notify_all();
  return done_cv_.wait_for(lock, timeout, [&] { return checks_done_ >= want || !running_ || stopping_; }) &&
         checks_done_ >= want;
}

void log_cleaner::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_requested_ = false;
    ++checks_started_;
    lock.unlock();
    run_once();
    // Sleep for the backoff, or until the next ".deleted" file is due.
    int64_t wait = std::max<int64_t>(options_.backoff_ms, 0);
    int64_t now = now_ms();
    for (const auto& l : logs_.all_logs()) {
      if (auto due = l->next_file_deletion_ms()) wait = std::min(wait, std::max<int64_t>(*due - now, 0));
    }
    lock.lock();
    ++checks_done_;
    done_cv_.notify_all();
    wake_cv_.wait_for(lock, std::chrono::milliseconds(wait), [&] { return stopping_ || wake_requested_; });
  }
}

size_t log_cleaner::run_once() {
  std::lock_guard run_lock(run_mu_);
  auto logs = logs_.all_logs();
  uint64_t deleted = 0;
  int64_t now = now_ms();
  for (const auto& l : logs) deleted += l->delete_expired_files(now);
  if (deleted > 0) {
    std::lock_guard lock(mu_);
    stats_.files_deleted += deleted;
  }
  size_t cleaned = 0;
  if (options_.compaction_enabled) {
    std::vector<const log*> done;  // each log once per check, unless its key map filled up
    while (!stop_flag_) {
      auto l = pick_dirtiest(logs, now_ms(), done);
      if (!l) break;
      bool again = false;
      clean(l, again);
      ++cleaned;
      if (!again) done.push_back(l.get());
    }
  }
  std::lock_guard lock(mu_);
  ++stats_.checks;
  return cleaned;
}

std::shared_ptr<log> log_cleaner::pick_dirtiest(const std::vector<std::shared_ptr<log>>& logs, int64_t now,
                                                const std::vector<const log*>& done) {
  std::shared_ptr<log> best;
  double best_ratio = -1;
  for (const auto& l : logs) {
    if (std::find(done.begin(), done.end(), l.get()) != done.end() || is_failed(l.get())) continue;
    if (!l->config().compact_enabled) continue;
    auto range = assess_cleanable_range(l->snapshot_for_cleaning(), now);
    if (range.should_clean && range.dirty_ratio > best_ratio) {
      best = l;
      best_ratio = range.dirty_ratio;
    }
  }
  return best;
}

void log_cleaner::clean(const std::shared_ptr<log>& l, bool& again) {
  cleaning_report report{l->topic(), l->partition()};
  int64_t started = steady_ms();
  compaction_options o;
  o.now_ms = now_ms();
  o.key_map_bytes = options_.key_map_bytes;
  o.stop = &stop_flag_;
  auto r = compact_log(*l, o);
  report.duration_ms = steady_ms() - started;
  if (r) {
    report.result = *r;
    again = r->outcome == compaction_outcome::cleaned && r->map_full;
    if (r->outcome == compaction_outcome::cleaned) {
      if (auto c = logs_.checkpoint_cleaner_offsets(); !c) report.error = "cleaner checkpoint: " + c.error();
    }
  } else {
    report.error = r.error();
    failed_.push_back(l);
  }
  {
    std::lock_guard lock(mu_);
    const auto& res = report.result;
    stats_.last_log = partition_dir_name(report.topic, report.partition);
    stats_.last_duration_ms = report.duration_ms;
    stats_.bytes_read += res.bytes_read;
    stats_.bytes_written += res.bytes_written;
    stats_.records_removed += res.records_removed;
    stats_.tombstones_removed += res.tombstones_removed;
    if (!r) {
      ++stats_.failed_rounds;
      stats_.last_error = report.error;
    } else if (res.outcome == compaction_outcome::cleaned) {
      ++stats_.rounds;
    } else if (res.outcome == compaction_outcome::aborted) {
      ++stats_.aborted_rounds;
    }
  }
  if (options_.on_round) options_.on_round(report);
}

bool log_cleaner::is_failed(const log* l) {
  std::erase_if(failed_, [](const auto& w) { return w.expired(); });
  return std::any_of(failed_.begin(), failed_.end(), [&](const auto& w) { return w.lock().get() == l; });
}

cleaner_stats log_cleaner::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace gregor::storage
