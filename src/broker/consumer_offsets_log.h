// consumer_offsets_log: the group coordinator's view of `__consumer_offsets` — where its records
// are appended (durably: acknowledged after fsync, through the flusher's group commit) and where
// they are replayed from at startup.
//
// Thread-safety: append() may be called from any thread; `done` runs on the flusher's thread
// (or at once on a failure). load_all() runs once, on the loader thread.
#pragma once

#include <functional>
#include <memory>

#include "coordinator/group_coordinator.h"
#include "protocol/records/compression.h"

namespace gregor::broker {

class broker;
struct topic;

class consumer_offsets_log final : public coordinator::offsets_store {
 public:
  consumer_offsets_log(broker& owner, records::compression codec) : owner_(owner), codec_(codec) {}

  void append(int32_t partition, std::vector<record> records,
              std::function<void(protocol::error_code)> done) override;

  // Replays every partition of `t` into the coordinator (begin_loading for all happened before).
  static void load_all(const std::shared_ptr<topic>& t, coordinator::group_coordinator& coordinator);

 private:
  broker& owner_;
  records::compression codec_;
};

}  // namespace gregor::broker
