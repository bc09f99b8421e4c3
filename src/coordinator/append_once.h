// append_once: calls offsets_store::append while the coordinator's mutex is held (so records reach
// the log in the order the coordinator decided them) without ever running `done` under that mutex:
// a store that completes synchronously has its completion deferred into `out`, which the
// coordinator runs after unlocking.
#pragma once

#include <atomic>
#include <memory>

#include "coordinator/group_coordinator.h"

namespace gregor::coordinator {

inline void append_once(offsets_store& store, int32_t partition, std::vector<offsets_store::record> records,
                        std::function<void(protocol::error_code)> done, std::vector<std::function<void()>>& out) {
  enum : int { calling = 0, returned = 1, completed_inline = 2 };
  struct shared {
    std::atomic<int> phase{calling};
    protocol::error_code inline_error = protocol::error_code::none;
  };
  auto state = std::make_shared<shared>();
  store.append(partition, std::move(records), [state, done](protocol::error_code e) {
    int expected = calling;
    state->inline_error = e;
    if (state->phase.compare_exchange_strong(expected, completed_inline)) return;
    done(e);
  });
  int expected = calling;
  if (!state->phase.compare_exchange_strong(expected, returned)) {
    out.push_back([state, done] { done(state->inline_error); });
  }
}

}  // namespace gregor::coordinator
