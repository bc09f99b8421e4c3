#include "storage/key_map.h"

namespace gregor::storage {

void key_map::put(byte_span key, int64_t offset) {
  if (auto it = map_.find(view(key)); it != map_.end()) {
    it->second = offset;
    return;
  }
  map_.emplace(std::string(view(key)), offset);
  used_ += entry_cost(key.size());
}

std::optional<int64_t> key_map::get(byte_span key) const {
  auto it = map_.find(view(key));  // transparent lookup: no temporary string
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

}  // namespace gregor::storage
