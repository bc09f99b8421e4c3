// flusher: group commit. Produce requests with acks=all ask for their partition to be fsynced;
// one background thread fdatasyncs every partition asked for since its last round, then wakes the
// waiters whose data is now durable. Requests arriving during an fdatasync share the next one,
// so many concurrent produces cost one sync per partition per round, not one each.
//
// Thread-safety: request() may be called from any thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

namespace gregor::broker {

class partition;

class flusher {
 public:
  flusher() = default;
  ~flusher() { stop(); }

  void start();
  void stop();
  void request(std::shared_ptr<partition> p);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::shared_ptr<partition>> pending_;
  std::unordered_set<partition*> pending_set_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gregor::broker
