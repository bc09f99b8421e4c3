#include "client/producer/buffer_recycler.h"

namespace gregor::client {

std::unique_ptr<uint8_t[]> buffer_recycler::take(size_t size) {
  if (size == size_) {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      auto b = std::move(free_.back());
      free_.pop_back();
      return b;
    }
  }
  return std::make_unique_for_overwrite<uint8_t[]>(size);
}

void buffer_recycler::give(std::unique_ptr<uint8_t[]> buffer, size_t size) {
  if (!buffer || size != size_) return;
  std::lock_guard lock(mutex_);
  if (free_.size() < max_free_) free_.push_back(std::move(buffer));
}

std::shared_ptr<const uint8_t> buffer_recycler::share(std::unique_ptr<uint8_t[]> buffer, size_t size) {
  auto self = shared_from_this();
  return std::shared_ptr<const uint8_t>(buffer.release(), [self, size](const uint8_t* p) {
    self->give(std::unique_ptr<uint8_t[]>(const_cast<uint8_t*>(p)), size);
  });
}

}  // namespace gregor::client
