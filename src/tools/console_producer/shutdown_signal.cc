// shutdown_signal: a watcher thread that takes SIGINT/SIGTERM with sigtimedwait (see the header).
#include "tools/console_producer/shutdown_signal.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "tools/common/tool_error.h"

namespace gregor::tools {
namespace {

sigset_t shutdown_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

shutdown_signal::shutdown_signal() {
  if (::pipe2(pipe_, O_CLOEXEC) != 0) throw tool_error("cannot create a pipe for signal handling");
  sigset_t set = shutdown_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] { watch(); });
}

shutdown_signal::~shutdown_signal() {
  stopping_.store(true);
  watcher_.join();
  if (reaction_.joinable()) reaction_.join();
  ::close(pipe_[0]);
  ::close(pipe_[1]);
}

void shutdown_signal::on_signal(std::function<void()> callback) {
  std::thread started;
  bool run_now = false;
  {
    std::lock_guard lock(mutex_);
    callback_ = callback;
    started = std::move(reaction_);
    run_now = callback && signalled_;  // otherwise the watcher runs it when the signal comes
  }
  if (started.joinable()) started.join();
  if (run_now) callback();
}

void shutdown_signal::watch() {
  sigset_t set = shutdown_set();
  // A short timeout so the destructor never waits long for the watcher to notice it should stop.
  timespec tick{0, 100 * 1000 * 1000};
  while (!stopping_.load()) {
    int sig = ::sigtimedwait(&set, nullptr, &tick);
    if (sig < 0) continue;  // EAGAIN (timeout) or EINTR
    if (requested_.exchange(true)) ::_exit(128 + sig);  // second signal: give up waiting
    char byte = 1;
    while (::write(pipe_[1], &byte, 1) < 0 && errno == EINTR) {
    }
    std::lock_guard lock(mutex_);
    signalled_ = true;
    if (!callback_) continue;
    reaction_ = std::thread([callback = callback_] {
      try {
        callback();
      } catch (...) {
        // The main thread reports how the tool ended; a failed reaction only means it ends slower.
      }
    });
  }
}

}  // namespace gregor::tools
