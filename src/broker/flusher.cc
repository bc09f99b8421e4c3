#include "broker/flusher.h"

#include <spdlog/spdlog.h>

#include "broker/partition.h"

namespace gregor::broker {

void flusher::start() {
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void flusher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void flusher::request(std::shared_ptr<partition> p) {
  {
    std::lock_guard lock(mutex_);
    if (!pending_set_.insert(p.get()).second) return;
    pending_.push_back(std::move(p));
  }
  wake_.notify_one();
}

void flusher::run() {
  std::vector<std::shared_ptr<partition>> round;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty() && stopping_) return;
      round.swap(pending_);
      pending_set_.clear();
    }
    for (auto& p : round) {
      auto flushed = p->log().flush();
      if (!flushed) spdlog::error("fsync of {}-{} failed: {}", p->topic(), p->index(), flushed.error());
      p->flushed();
    }
    round.clear();
  }
}

}  // namespace gregor::broker
