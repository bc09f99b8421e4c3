// log_cleaner: the background thread that compacts logs with cleanup.policy=compact (Kafka's
// LogCleaner) and unlinks retired segment files once file.delete.delay.ms has passed.
//
// Each check: (1) every log's due ".deleted" files are unlinked; (2) if compaction is enabled,
// the logs of the log_manager are assessed (cleanable_range.h) and the dirtiest cleanable one
// (highest dirty ratio) is cleaned by compact_log(), then the next, until none is left; after each
// cleaned log, cleaner-offset-checkpoint is rewritten. The thread then sleeps until
// log.cleaner.backoff.ms passes, the next ".deleted" file is due, wake() is called, or stop().
// A log whose round fails (corrupt batch, I/O error) is skipped until restart and reported.
//
// Broker wiring:
//   log_cleaner cleaner(*log_manager, {.backoff_ms = cfg.log_cleaner_backoff_ms,
//                                      .compaction_enabled = cfg.log_cleaner_enable, ...});
//   cleaner.start();   after log_manager::load_all()
//   cleaner.stop();    before log_manager::shutdown() (stop aborts a round between batches)
// Run it even with log.cleaner.enable=false: it also performs the delayed file deletions.
//
// Thread-safety: all public methods are thread-safe. One cleaner thread (log.cleaner.threads > 1
// is not needed: a round holds no lock while it reads and writes).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/log_compactor.h"
#include "storage/log_manager.h"

namespace gregor::storage {

struct cleaning_report {
  std::string topic;
  int32_t partition = 0;
  compaction_result result;
  std::string error;         // set when the round failed (the log is then skipped until restart)
  int64_t duration_ms = 0;
};

struct log_cleaner_options {
  int64_t backoff_ms = 15000;          // log.cleaner.backoff.ms
  bool compaction_enabled = true;      // log.cleaner.enable
  size_t key_map_bytes = 128u << 20;   // log.cleaner.dedupe.buffer.size
  std::function<int64_t()> clock;      // wall clock in ms; default: system clock
  // Called on the cleaner thread after every round that did something or failed (for logging).
  std::function<void(const cleaning_report&)> on_round;
};

struct cleaner_stats {
  uint64_t checks = 0;             // completed passes over all logs
  uint64_t rounds = 0;             // logs cleaned
  uint64_t aborted_rounds = 0;     // the log changed under the round, or stop()
  uint64_t failed_rounds = 0;
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
  uint64_t records_removed = 0;
  uint64_t tombstones_removed = 0;
  uint64_t files_deleted = 0;      // ".deleted" files unlinked
  int64_t last_duration_ms = 0;    // of the last round
  std::string last_log;            // "<topic>-<partition>" of the last round
  std::string last_error;
};

class log_cleaner {
 public:
  explicit log_cleaner(log_manager& logs, log_cleaner_options options = {});
  ~log_cleaner();
  log_cleaner(const log_cleaner&) = delete;
  log_cleaner& operator=(const log_cleaner&) = delete;

  void start();
  // Prompt: wakes the thread and aborts a round in progress between two batches.
  void stop();
  // Asks for a check now instead of after the backoff.
  void wake();
  // Wakes the thread and waits until a check that started after this call has finished (or
  // runs one on the calling thread if the cleaner is not started). False on timeout.
  bool check_now(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // One check on the calling thread (what the thread runs). Returns the number of logs cleaned.
  size_t run_once();
  cleaner_stats stats() const;

 private:
  void loop();
  std::shared_ptr<log> pick_dirtiest(const std::vector<std::shared_ptr<log>>& logs, int64_t now,
                                     const std::vector<const log*>& done);
  void clean(const std::shared_ptr<log>& l, bool& again);
  bool is_failed(const log* l);
  int64_t now_ms() const { return clock_(); }

  log_manager& logs_;
  log_cleaner_options options_;
  std::function<int64_t()> clock_;
  std::atomic<bool> stop_flag_{false};

  std::mutex run_mu_;  // one check at a time (thread or direct run_once)
  std::vector<std::weak_ptr<log>> failed_;  // run_mu_

  mutable std::mutex mu_;
  std::condition_variable wake_cv_;
  std::condition_variable done_cv_;
  bool running_ = false;
  bool stopping_ = false;
  bool wake_requested_ = false;
  uint64_t checks_started_ = 0;
  uint64_t checks_done_ = 0;
  cleaner_stats stats_;
  std::thread thread_;
};

}  // namespace gregor::storage
