// shutdown_signal: lets a console tool end cleanly on Ctrl-C (SIGINT) or SIGTERM.
//
// Construct it on the main thread before any client is created: it blocks SIGINT and SIGTERM in
// the calling thread, so every thread started afterwards (the clients' I/O threads) inherits the
// mask, and a watcher thread takes the signals with sigtimedwait(). No code runs in signal-handler
// context, so the reaction may do anything a normal thread may (e.g. kafka_consumer::wakeup()).
//
// On the first signal the watcher sets requested(), makes wake_fd() readable (for a thread blocked
// in poll() on stdin) and starts the callback given to on_signal() on a thread of its own, so a
// slow reaction (closing a producer flushes it) never keeps the watcher from a second signal. A
// second signal while the tool is still shutting down ends the process at once (exit code 128 +
// signal number, 130 for Ctrl-C).
//
// Shared by console-producer and console-consumer.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace gregor::tools {

class shutdown_signal {
 public:
  shutdown_signal();
  // Stops the watcher. The signals stay blocked: one arriving now is left pending, and the
  // process is about to exit anyway.
  ~shutdown_signal();
  shutdown_signal(const shutdown_signal&) = delete;
  shutdown_signal& operator=(const shutdown_signal&) = delete;

  bool requested() const { return requested_.load(); }
  // Readable once a signal arrived; never read from it (it stays readable).
  int wake_fd() const { return pipe_[0]; }
  // Runs `callback` on a thread of its own when a signal arrives, or at once (on this thread) if
  // one already did. Waits for a callback already started to finish first, so after
  // on_signal({}) none runs any more and what it used may be destroyed.
  void on_signal(std::function<void()> callback);

 private:
  void watch();

  std::atomic<bool> requested_{false};
  std::atomic<bool> stopping_{false};
  int pipe_[2] = {-1, -1};
  std::mutex mutex_;
  std::function<void()> callback_;
  bool signalled_ = false;  // the watcher has taken the first signal (guarded by mutex_)
  std::thread reaction_;   // runs callback_ after the first signal
  std::thread watcher_;
};

}  // namespace gregor::tools
