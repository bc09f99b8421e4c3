#include "broker/fetch_session_cache.h"

#include <algorithm>

namespace gregor::broker {

std::shared_ptr<fetch_session> fetch_session_cache::create() {
  std::lock_guard lock(mutex_);
  if (max_sessions_ == 0) return nullptr;
  if (sessions_.size() >= max_sessions_) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second->last_used < b.second->last_used;
    });
    sessions_.erase(oldest);
  }
  auto s = std::make_shared<fetch_session>();
  do {
    s->id = next_id_++;
    if (next_id_ <= 0) next_id_ = 1;
  } while (sessions_.count(s->id));
  s->last_used = std::chrono::steady_clock::now();
  sessions_[s->id] = s;
  return s;
}

std::shared_ptr<fetch_session> fetch_session_cache::resume(int32_t id, int32_t epoch, protocol::error_code& error) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) {
    error = protocol::error_code::fetch_session_id_not_found;
    return nullptr;
  }
  auto& s = it->second;
  if (s->next_epoch != epoch) {
    error = protocol::error_code::invalid_fetch_session_epoch;
    return nullptr;
  }
  s->next_epoch = epoch == INT32_MAX ? 1 : epoch + 1;
  s->last_used = std::chrono::steady_clock::now();
  error = protocol::error_code::none;
  return s;
}

void fetch_session_cache::close(int32_t id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

size_t fetch_session_cache::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace gregor::broker
